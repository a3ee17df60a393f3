/**
 * The static shape of a flow definition: which steps and inputs each step reads, the order the
 * steps can run in, and the problems that need no registry lookup. Framework-free so that it is
 * unit-tested alone (and could run in the editor).
 */
import { FLOW_STEP_ID_PATTERN, FlowDefinition, FlowIssue, MAX_FLOW_STEPS } from '@promptops/shared';
import { extractVariables, TemplateSyntaxError } from '@promptops/templating';

export interface StepReferences {
  steps: string[];
  inputs: string[];
}

export interface FlowGraph {
  issues: FlowIssue[];
  /** Steps in run order: each after the steps it depends on (empty when there is a cycle). */
  order: string[];
  /** Each step id → the step ids it reads, in definition order. */
  dependsOn: Map<string, string[]>;
}

interface Field {
  field: string;
  source: string;
}

/** Parses one template and sorts its names into step and input references; problems go to `issues`. */
function referencesOf(
  { field, source }: Field,
  stepIds: string[],
  where: string,
  issues: FlowIssue[],
  refs: { steps: Set<string>; inputs: Set<string> },
): void {
  let discovered;
  try {
    discovered = extractVariables(source);
  } catch (error) {
    const reason = error instanceof TemplateSyntaxError ? error.reason : (error as Error).message;
    issues.push({ kind: 'syntax', steps: stepIds, field, message: `${where}: ${field} does not parse: ${reason}` });
    return;
  }
  for (const variable of discovered) {
    if (variable.name !== 'steps' && variable.name !== 'inputs') {
      issues.push({
        kind: 'unknown_input',
        steps: stepIds,
        field,
        message: `${where}: ${field} reads "${variable.name}"; mappings see only inputs and steps (write inputs.${variable.name})`,
      });
      continue;
    }
    const literal = variable.paths
      .map((path) => path.split('.'))
      .filter((parts) => parts.length >= 2 && parts[0] === variable.name && !parts[1].endsWith('[]'));
    if (literal.length === 0 || literal.length < variable.paths.length) {
      issues.push({
        kind: 'syntax',
        steps: stepIds,
        field,
        message: `${where}: ${field} uses ${variable.name} without naming a ${variable.name === 'steps' ? 'step' : 'input'} literally (write ${variable.name}.<name>), so it cannot be checked before running`,
      });
    }
    for (const parts of literal) (variable.name === 'steps' ? refs.steps : refs.inputs).add(parts[1]);
  }
}

/**
 * Checks a definition against itself and the declared input names: ids, references, cycles,
 * size and syntax. Issues come in definition order, so answers are stable.
 */
export function analyzeFlow(definition: FlowDefinition, inputNames: readonly string[]): FlowGraph {
  const issues: FlowIssue[] = [];
  const steps = definition.steps;
  const declared = new Set(inputNames);

  if (steps.length > MAX_FLOW_STEPS) {
    issues.push({
      kind: 'too_many_steps',
      steps: [],
      message: `A flow has at most ${MAX_FLOW_STEPS} steps; this one has ${steps.length}`,
    });
  }

  const ids = new Set<string>();
  for (const step of steps) {
    if (!FLOW_STEP_ID_PATTERN.test(step.id)) {
      issues.push({
        kind: 'invalid_step_id',
        steps: [step.id],
        field: 'id',
        message: `Step id "${step.id}" must start with a letter or _ and hold only letters, digits and _ (at most 64)`,
      });
    }
    if (ids.has(step.id)) {
      issues.push({
        kind: 'duplicate_step',
        steps: [step.id],
        field: 'id',
        message: `Step id "${step.id}" is used twice`,
      });
    }
    ids.add(step.id);
  }

  const checkReferences = (stepIds: string[], where: string, refs: ReturnType<typeof emptyRefs>, field: string) => {
    for (const input of refs.inputs) {
      if (!declared.has(input)) {
        issues.push({
          kind: 'unknown_input',
          steps: stepIds,
          field,
          message: `${where}: ${field} reads inputs.${input}, which is not an input of this flow`,
        });
      }
    }
    for (const target of refs.steps) {
      if (!ids.has(target)) {
        issues.push({
          kind: 'unknown_step',
          steps: stepIds,
          field,
          message: `${where}: ${field} reads steps.${target}, which is not a step of this flow`,
        });
      }
    }
  };

  const dependsOn = new Map<string, string[]>();
  for (const step of steps) {
    const where = `Step "${step.id}"`;
    const fields: Field[] = Object.entries(step.inputs ?? {}).map(([name, source]) => ({
      field: `inputs.${name}`,
      source,
    }));
    if (step.when !== undefined && step.when.trim() !== '')
      fields.push({ field: 'when', source: `{{ (${step.when}) }}` });
    const all = new Set<string>();
    for (const field of fields) {
      const refs = emptyRefs();
      referencesOf(field, [step.id], where, issues, refs);
      checkReferences([step.id], where, refs, field.field);
      refs.steps.forEach((target) => ids.has(target) && all.add(target));
    }
    // A duplicated id keeps the union of both steps' reads: the cycle check still sees them.
    const known = new Set([...(dependsOn.get(step.id) ?? []), ...all]);
    dependsOn.set(
      step.id,
      [...ids].filter((id) => known.has(id)),
    );
  }

  const outputRefs = emptyRefs();
  referencesOf({ field: 'output', source: definition.output }, [], 'The flow', issues, outputRefs);
  checkReferences([], 'The flow', outputRefs, 'output');

  const order = topologicalOrder([...ids], dependsOn, (cycle) => {
    issues.push({
      kind: 'cycle',
      steps: cycle,
      message:
        cycle.length === 1
          ? `Step "${cycle[0]}" reads its own output`
          : `Steps ${cycle.map((id) => `"${id}"`).join(' → ')} → "${cycle[0]}" form a cycle`,
    });
  });
  return { issues, order, dependsOn };
}

function emptyRefs() {
  return { steps: new Set<string>(), inputs: new Set<string>() };
}

/**
 * Kahn's algorithm, ties broken by definition order. When steps are left over, reports each
 * cycle among them (every step on it) and returns no order.
 */
export function topologicalOrder(
  ids: string[],
  dependsOn: Map<string, string[]>,
  onCycle: (steps: string[]) => void,
): string[] {
  const position = new Map(ids.map((id, index) => [id, index]));
  const waiting = new Map(ids.map((id) => [id, new Set(dependsOn.get(id) ?? [])]));
  const order: string[] = [];
  const done = new Set<string>();
  for (;;) {
    const ready = ids.filter((id) => !done.has(id) && [...waiting.get(id)!].every((d) => done.has(d)));
    if (ready.length === 0) break;
    // One at a time, the first in definition order: the order stays the same for the same definition.
    const next = ready.sort((a, b) => position.get(a)! - position.get(b)!)[0];
    order.push(next);
    done.add(next);
  }
  if (order.length === ids.length) return order;
  for (const cycle of cyclesAmong(
    ids.filter((id) => !done.has(id)),
    dependsOn,
  ))
    onCycle(cycle);
  return [];
}

/** Strongly connected components (Tarjan) of the left-over steps that are cycles, in definition order. */
function cyclesAmong(left: string[], dependsOn: Map<string, string[]>): string[][] {
  const inLeft = new Set(left);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    for (const next of dependsOn.get(id) ?? []) {
      if (!inLeft.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id)!, index.get(next)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      const selfLoop = component.length === 1 && (dependsOn.get(id) ?? []).includes(id);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const id of left) if (!index.has(id)) visit(id);
  const rank = new Map(left.map((id, i) => [id, i]));
  return components
    .map((component) => component.sort((a, b) => rank.get(a)! - rank.get(b)!))
    .sort((a, b) => rank.get(a[0])! - rank.get(b[0])!);
}
