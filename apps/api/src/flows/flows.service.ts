import { Injectable } from '@nestjs/common';
import { FlowDefinition, FlowStep, VersionStatus } from '@promptops/shared';
import type { VariableMeta } from '@promptops/templating';
import { Actor } from '../common/auth/authenticated-user';
import { ListPromptsQueryDto } from '../prompts/dto/list-prompts-query.dto';
import { PromptListResponseDto } from '../prompts/dto/prompt-response.dto';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { PromptNotFoundError, PromptTypeConflictError } from '../prompts/prompts.errors';
import { PromptsService } from '../prompts/prompts.service';
import { VersionsService } from '../prompts/versions.service';
import { RenderingService } from '../templates/rendering.service';
import { CreateFlowDto, CreateFlowVersionDto, ValidateFlowDto } from './dto/create-flow.dto';
import { FlowResponseDto, FlowValidationResponseDto, FlowVersionResponseDto } from './dto/flow-response.dto';
import { FlowValidator } from './flow-validator';
import { FlowInvalidError, FlowNotFoundError } from './flows.errors';

/** Flows as registry entries: list, create, versions, validation. Deploying goes through DeploymentsService. */
@Injectable()
export class FlowsService {
  constructor(
    private readonly prompts: PromptsService,
    private readonly versions: VersionsService,
    private readonly locator: PromptLocator,
    private readonly rendering: RenderingService,
    private readonly validator: FlowValidator,
  ) {}

  listFlows(query: ListPromptsQueryDto): Promise<PromptListResponseDto> {
    return this.prompts.listPrompts({ ...query, type: 'flow' });
  }

  async createFlow(body: CreateFlowDto, actor: Actor): Promise<FlowResponseDto> {
    const inputs = body.inputs ?? [];
    const flow = await this.assertValid(inputs, body.definition);
    await this.prompts.createEntry(
      body,
      'flow',
      {
        kind: 'flow',
        flow,
        variablesMeta: inputs,
        modelConfig: {},
        comment: body.comment,
        status: body.status ?? VersionStatus.DRAFT,
      },
      actor,
    );
    return this.getFlow(body.name);
  }

  validateFlow(body: ValidateFlowDto): Promise<FlowValidationResponseDto> {
    return this.validator.validate(body.inputs ?? [], normalizeDefinition(body.definition));
  }

  async getFlow(name: string): Promise<FlowResponseDto> {
    const prompt = await this.prompts.getPrompt(await this.flowName(name));
    return {
      ...prompt,
      latest: prompt.latest ? await this.getFlowVersion(name, prompt.latest.version) : null,
    };
  }

  async createFlowVersion(name: string, body: CreateFlowVersionDto, actor: Actor): Promise<FlowVersionResponseDto> {
    const entry = await this.locator.find(name);
    if (entry.type !== 'flow') throw new PromptTypeConflictError(name, entry.type);
    // Inputs left out carry over from the latest version: validate against those.
    const inputs = body.inputs ?? (await this.versions.findServableVersion(entry.id, 'latest'))?.variablesMeta ?? [];
    const flow = await this.assertValid(inputs, body.definition);
    const created = await this.versions.appendVersion(
      name,
      'flow',
      {
        kind: 'flow',
        flow,
        variablesMeta: body.inputs,
        modelConfig: {},
        comment: body.comment,
        status: body.status ?? VersionStatus.DRAFT,
      },
      actor,
    );
    return this.getFlowVersion(name, created.version);
  }

  async getFlowVersion(name: string, version: number): Promise<FlowVersionResponseDto> {
    await this.flowName(name);
    const {
      prompt,
      flow,
      variablesMeta,
      kind: _kind,
      template: _template,
      messages: _messages,
      modelConfig: _modelConfig,
      ...summary
    } = await this.versions.getVersion(name, version);
    const definition = flow ?? { steps: [], output: '' };
    const { graph } = await this.validator.validate(variablesMeta, definition);
    return { ...summary, flow: prompt, inputs: variablesMeta, definition, graph };
  }

  /** The name, when it is a flow; a prompt's name answers 404 saying so. */
  private async flowName(name: string): Promise<string> {
    try {
      const entry = await this.locator.find(name);
      if (entry.type !== 'flow') throw new FlowNotFoundError(name, true);
      return entry.name;
    } catch (error) {
      if (error instanceof PromptNotFoundError) throw new FlowNotFoundError(name);
      throw error;
    }
  }

  private async assertValid(inputs: VariableMeta[], definition: FlowDefinition): Promise<FlowDefinition> {
    this.rendering.assertValidMeta(inputs);
    const normalized = normalizeDefinition(definition);
    const result = await this.validator.validate(inputs, normalized);
    if (!result.valid) throw new FlowInvalidError(result.issues);
    return normalized;
  }
}

/**
 * The definition as stored: keys in one order and no undefined ones, steps in the order given,
 * so that saving the same definition twice gives the same text (diffs show only real changes).
 */
export function normalizeDefinition(definition: FlowDefinition): FlowDefinition {
  return compact({
    steps: definition.steps.map((step): FlowStep =>
      compact({
        id: step.id,
        label: step.label,
        prompt: compact({ name: step.prompt.name, environment: step.prompt.environment, version: step.prompt.version }),
        inputs: Object.fromEntries(Object.entries(step.inputs ?? {})),
        when: step.when,
        model: step.model
          ? compact({
              provider: step.model.provider,
              model: step.model.model,
              temperature: step.model.temperature,
              maxTokens: step.model.maxTokens,
              topP: step.model.topP,
            })
          : undefined,
        timeoutMs: step.timeoutMs,
        retries: step.retries,
        onError: step.onError ? compact({ mode: step.onError.mode, value: step.onError.value }) : undefined,
        parseJson: step.parseJson,
        position: step.position ? { x: step.position.x, y: step.position.y } : undefined,
      }),
    ),
    output: definition.output,
    concurrency: definition.concurrency,
  });
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
