import type {
  FlowDefinitionDto,
  FlowIssueDto,
  FlowStepDto,
  FlowStepGraphDto,
  VariableMetaDto,
} from '@promptops/api-client';
import { FLOW_STEP_ID_PATTERN } from '@promptops/shared';

/** What the editor holds: the flow's inputs and its definition, saved together as a version. */
export interface FlowDraft {
  inputs: VariableMetaDto[];
  definition: FlowDefinitionDto;
}

/**
 * A new flow: one input that the output echoes, a valid version 1 to add steps to (a step needs
 * a prompt before it can be saved).
 */
export function starterDraft(): FlowDraft {
  return {
    inputs: [{ name: 'question', type: 'string', required: true }],
    definition: { steps: [], output: '{{ inputs.question }}' },
  };
}

/** A step id not taken yet: `step_2`, `step_3`… */
export function nextStepId(steps: FlowStepDto[]): string {
  const taken = new Set(steps.map((step) => step.id));
  let n = steps.length + 1;
  while (taken.has(`step_${n}`)) n += 1;
  return `step_${n}`;
}

export function isValidStepId(id: string): boolean {
  return FLOW_STEP_ID_PATTERN.test(id);
}

/** Names a mapping of `stepId` may read: every flow input and every other step's output. */
export function mappingSuggestions(draft: FlowDraft, stepId: string | undefined): string[] {
  return [
    ...draft.inputs.map((input) => `{{ inputs.${input.name} }}`),
    ...draft.definition.steps.filter((step) => step.id !== stepId).map((step) => `{{ steps.${step.id}.output }}`),
  ];
}

/**
 * Dependencies as the editor shows them before the server has answered: a step depends on each
 * step whose output its mappings or `when` mention. The server's `graph[].dependsOn` wins once known.
 */
export function guessDependencies(step: FlowStepDto, steps: FlowStepDto[]): string[] {
  const text = [...Object.values(step.inputs), step.when ?? ''].join('\n');
  return steps
    .filter((other) => other.id !== step.id && new RegExp(`\\bsteps\\.${other.id}\\b`).test(text))
    .map((other) => other.id);
}

export function dependenciesOf(draft: FlowDraft, graph: FlowStepGraphDto[] | undefined): Map<string, string[]> {
  const known = new Map((graph ?? []).map((node) => [node.id, node.dependsOn]));
  return new Map(
    draft.definition.steps.map((step) => [
      step.id,
      known.get(step.id) ?? guessDependencies(step, draft.definition.steps),
    ]),
  );
}

/** Issues by the step they concern; issues that name no step belong to the flow as a whole. */
export function issuesByStep(issues: FlowIssueDto[]): Map<string, FlowIssueDto[]> {
  const byStep = new Map<string, FlowIssueDto[]>();
  for (const issue of issues) {
    for (const step of issue.steps) byStep.set(step, [...(byStep.get(step) ?? []), issue]);
  }
  return byStep;
}

/** The message of the issue about `field` of a step (`inputs.question`, `when`, `prompt`…), if any. */
export function fieldIssue(issues: FlowIssueDto[] | undefined, field: string): string | undefined {
  const found = issues?.filter((issue) => issue.field === field || (issue.field?.startsWith(`${field}.`) ?? false));
  return found?.length ? found.map((issue) => issue.message).join(' ') : undefined;
}

/** The issues of a 400 FLOW_INVALID answer, when that is what the error is. */
export function flowInvalidIssues(error: unknown): FlowIssueDto[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const problem = error as { code?: string; issues?: FlowIssueDto[] };
  return problem.code === 'FLOW_INVALID' && Array.isArray(problem.issues) ? problem.issues : undefined;
}

/**
 * A 400 that the request's shape caused (a step without a prompt, say) as issues on the steps it
 * names, so it shows where the server's own issues do: `definition.steps.2.prompt.name` → step 3.
 */
export function fieldErrorIssues(error: unknown, draft: FlowDraft): FlowIssueDto[] {
  const errors = (error as { errors?: { field: string; message: string }[] } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map(({ field, message }) => {
    const match = /^definition\.steps\.(\d+)\.?(.*)$/.exec(field);
    const step = match ? draft.definition.steps[Number(match[1])] : undefined;
    return {
      kind: 'syntax' as const,
      steps: step ? [step.id] : [],
      field: step ? match![2] || undefined : field.replace(/^definition\./, ''),
      message,
    };
  });
}

/** Drops empty optional fields so that the saved definition (and its diff) stays tidy. */
export function cleanStep(step: FlowStepDto): FlowStepDto {
  const next: FlowStepDto = { ...step, prompt: { ...step.prompt } };
  if (!next.label) delete next.label;
  if (!next.when?.trim()) delete next.when;
  if (!next.prompt.environment) delete next.prompt.environment;
  if (next.prompt.version === undefined || next.prompt.version === null) delete next.prompt.version;
  if (next.model && !Object.values(next.model).some((value) => value !== undefined && value !== '')) delete next.model;
  if (next.timeoutMs === undefined || next.timeoutMs === null) delete next.timeoutMs;
  if (!next.retries) delete next.retries;
  if (!next.onError || next.onError.mode === 'fail') delete next.onError;
  if (!next.parseJson) delete next.parseJson;
  return next;
}

export function cleanDraft(draft: FlowDraft): FlowDraft {
  return { inputs: draft.inputs, definition: { ...draft.definition, steps: draft.definition.steps.map(cleanStep) } };
}
