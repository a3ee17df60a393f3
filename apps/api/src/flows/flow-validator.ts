import { Injectable } from '@nestjs/common';
import { FlowDefinition, FlowIssue, MAX_FLOW_STEPS } from '@promptops/shared';
import { extractVariables, mergeVariablesMeta, VariableMeta } from '@promptops/templating';
import { DomainError } from '../common/problem/domain.error';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { PromptNotFoundError } from '../prompts/prompts.errors';
import { ServableVersion, VersionsService } from '../prompts/versions.service';
import { ResolutionService } from '../serving/resolution.service';
import { FlowStepGraphDto, FlowValidationResponseDto } from './dto/flow-response.dto';
import { analyzeFlow } from './flow-graph';

interface StepTarget {
  version: ServableVersion | null;
  /** Whether `version` is what the step would run (false: the latest, shown while nothing is deployed). */
  runs: boolean;
}

/**
 * Checks a flow definition as saving it would: the static graph (flow-graph.ts) plus what needs
 * the registry — that each step's prompt exists and is a prompt, and that the mappings fill the
 * variables of the version the step would run. Lookups: one per distinct prompt, one per
 * distinct (prompt, version or environment).
 */
@Injectable()
export class FlowValidator {
  constructor(
    private readonly locator: PromptLocator,
    private readonly versions: VersionsService,
    private readonly resolution: ResolutionService,
  ) {}

  async validate(
    inputs: readonly VariableMeta[],
    definition: FlowDefinition,
    { environment = 'prod' }: { environment?: string } = {},
  ): Promise<FlowValidationResponseDto> {
    const graph = analyzeFlow(
      definition,
      inputs.map((input) => input.name),
    );
    const issues: FlowIssue[] = [...graph.issues];
    // Registry lookups grow with the steps: past the limit, the static issues say enough.
    if (definition.steps.length > MAX_FLOW_STEPS) return { valid: false, issues, order: graph.order, graph: [] };
    const prompts = new Map<string, Promise<{ id: number; type: string } | null>>();
    const targets = new Map<string, Promise<StepTarget>>();
    const nodes: FlowStepGraphDto[] = [];

    for (const step of definition.steps) {
      const name = step.prompt.name;
      if (!prompts.has(name)) prompts.set(name, this.findPrompt(name));
      const prompt = await prompts.get(name)!;
      const node: FlowStepGraphDto = {
        id: step.id,
        dependsOn: graph.dependsOn.get(step.id) ?? [],
        promptVersion: null,
        variables: [],
      };
      nodes.push(node);
      if (!prompt) {
        issues.push({
          kind: 'unknown_prompt',
          steps: [step.id],
          field: 'prompt',
          message: `Step "${step.id}" calls prompt "${name}", which does not exist`,
        });
        continue;
      }
      if (prompt.type === 'flow') {
        issues.push({
          kind: 'prompt_is_flow',
          steps: [step.id],
          field: 'prompt',
          message: `Step "${step.id}" calls "${name}", which is a flow; a step calls a prompt (flows do not nest)`,
        });
        continue;
      }
      const pinned = step.prompt.version;
      const env = step.prompt.environment ?? environment;
      const key = pinned !== undefined ? `${name}\u0000v${pinned}` : `${name}\u0000e${env}`;
      if (!targets.has(key)) targets.set(key, this.findTarget(prompt.id, name, pinned, env));
      const target = await targets.get(key)!;
      if (!target.version) {
        if (pinned !== undefined) {
          issues.push({
            kind: 'version_not_found',
            steps: [step.id],
            field: 'prompt.version',
            message: `Step "${step.id}" pins version ${pinned} of "${name}", which does not exist`,
          });
        }
        continue;
      }
      node.promptVersion = target.runs ? target.version.version : null;
      node.variables = variablesOf(target.version);
      issues.push(...mappingIssues(step.id, name, node.variables, step.inputs ?? {}));
    }
    return { valid: issues.length === 0, issues, order: graph.order, graph: nodes };
  }

  private async findPrompt(name: string): Promise<{ id: number; type: string } | null> {
    try {
      const prompt = await this.locator.find(name);
      return { id: prompt.id, type: prompt.type };
    } catch (error) {
      if (error instanceof PromptNotFoundError) return null;
      throw error;
    }
  }

  private async findTarget(
    promptId: number,
    name: string,
    pinned: number | undefined,
    environment: string,
  ): Promise<StepTarget> {
    if (pinned !== undefined) return { version: await this.versions.findServableVersion(promptId, pinned), runs: true };
    try {
      const deployed = await this.resolution.resolveDeployed(name, environment);
      return { version: deployed, runs: true };
    } catch (error) {
      // Not deployed there (or the environment is unknown, or the prompt disabled): a flow may be
      // saved before its prompts are deployed, so check the mappings against the latest version.
      if (!(error instanceof DomainError)) throw error;
      return { version: await this.versions.findServableVersion(promptId, 'latest'), runs: false };
    }
  }
}

/** Declared variables, plus those the template uses without declaring them (as required text). */
export function variablesOf(version: Pick<ServableVersion, 'template' | 'messages' | 'variablesMeta'>): VariableMeta[] {
  try {
    return mergeVariablesMeta(version.variablesMeta, extractVariables(version.messages ?? version.template));
  } catch {
    // A saved version parsed when it was saved; a parser change must not block editing flows.
    return version.variablesMeta;
  }
}

function mappingIssues(
  stepId: string,
  prompt: string,
  variables: VariableMeta[],
  mappings: Record<string, string>,
): FlowIssue[] {
  const issues: FlowIssue[] = [];
  for (const variable of variables) {
    const required = variable.required !== false && variable.default === undefined;
    if (required && !(variable.name in mappings)) {
      issues.push({
        kind: 'unfilled_variable',
        steps: [stepId],
        field: `inputs.${variable.name}`,
        message: `Step "${stepId}" leaves variable "${variable.name}" of prompt "${prompt}" unfilled: map inputs.${variable.name}`,
      });
    }
  }
  for (const name of Object.keys(mappings)) {
    if (!variables.some((variable) => variable.name === name)) {
      issues.push({
        kind: 'unknown_variable',
        steps: [stepId],
        field: `inputs.${name}`,
        message: `Step "${stepId}" maps inputs.${name}, but prompt "${prompt}" has no variable "${name}"`,
      });
    }
  }
  return issues;
}
