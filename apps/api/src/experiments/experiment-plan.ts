import { Injectable } from '@nestjs/common';
import { costOf, ErrorCode, ExperimentVariant, ModelPrice } from '@promptops/shared';
import { extractVariables } from '@promptops/templating';
import { Actor } from '../common/auth/authenticated-user';
import { BadRequestError } from '../common/problem/domain.error';
import { DatasetItemRecord, DatasetsService } from '../datasets/datasets.service';
import { DeploymentsService } from '../deployments/deployments.service';
import { estimatePromptTokens, estimateTextTokens } from '../gateway/token-estimator';
import { VersionResponseDto } from '../prompts/dto/version-response.dto';
import { VersionsService } from '../prompts/versions.service';
import { ProvidersService } from '../providers/providers.service';
import { ModelNotConfiguredError } from '../runs/runs.errors';
import { chatMessages } from '../runs/run-plan';
import { coerceVariables } from '../templates/coerce-variables';
import { RenderingService } from '../templates/rendering.service';
import { CreateExperimentDto, ExperimentVariantDto } from './dto/create-experiment.dto';
import { ExperimentEstimateResponseDto, VariantEstimateDto } from './dto/experiment-estimate.dto';
import { MissingVariable } from './experiments.errors';

/** Above this many items the estimate renders a sample and scales it. */
const ESTIMATE_SAMPLE = 2_000;
/** Completion tokens assumed for an item without `expected` and a variant without max tokens. */
const DEFAULT_COMPLETION_TOKENS = 256;

/** Everything an experiment needs decided before it starts. */
export interface PlannedExperiment {
  dataset: { datasetId: number; name: string; version: number; itemCount: number };
  items: DatasetItemRecord[];
  variants: ExperimentVariant[];
  versions: VersionResponseDto[];
  missing: MissingVariable[];
}

/**
 * Resolves what an experiment will run — the dataset version, each variant's prompt version and
 * model — and checks the dataset against the variables each version requires, so a run that
 * could only fail is refused up front, with the variables named.
 */
@Injectable()
export class ExperimentPlanner {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly versions: VersionsService,
    private readonly deployments: DeploymentsService,
    private readonly providers: ProvidersService,
    private readonly rendering: RenderingService,
  ) {}

  async plan(body: CreateExperimentDto, actor: Actor): Promise<PlannedExperiment> {
    const dataset = await this.datasets.getVersion(body.dataset, body.datasetVersion);
    const items = await this.datasets.listVersionItems(dataset.datasetId, dataset.version);
    const versions: VersionResponseDto[] = [];
    const variants: ExperimentVariant[] = [];
    for (const [index, variant] of body.variants.entries()) {
      const { version, environment } = await this.resolveVersion(variant, index, actor);
      versions.push(version);
      variants.push(this.pinVariant(variant, version, environment, index));
    }
    labelVariants(variants, body.variants);
    const missing = versions.flatMap((version, index) => missingVariables(version, items, index));
    return { dataset, items, variants, versions, missing };
  }

  /** Tokens and price per variant over every item and repetition, from the tokenizer and the price table. */
  async estimate(
    planned: PlannedExperiment,
    repetitions: number,
    judges: number,
  ): Promise<ExperimentEstimateResponseDto> {
    const { items, variants, versions, dataset } = planned;
    const sample = items.length > ESTIMATE_SAMPLE ? spread(items, ESTIMATE_SAMPLE) : items;
    const scale = sample.length === 0 ? 0 : items.length / sample.length;
    const perVariant: VariantEstimateDto[] = [];
    for (const [index, variant] of variants.entries()) {
      const price = await this.providers.findPrice(variant.provider, variant.model);
      let promptTokens = 0;
      let completionTokens = 0;
      for (const item of sample) {
        promptTokens += await this.promptTokens(versions[index], item);
        completionTokens += expectedTokens(item, variant.maxTokens);
      }
      promptTokens = Math.round(promptTokens * scale * repetitions);
      completionTokens = Math.round(completionTokens * scale * repetitions);
      const calls = items.length * repetitions;
      perVariant.push({
        index,
        label: variant.label,
        prompt: variant.prompt,
        version: variant.version,
        provider: variant.provider,
        model: variant.model,
        promptTokens,
        completionTokens,
        costUsd: price ? costOf(price, promptTokens, completionTokens) : null,
        maxCostUsd: maxCost(price, promptTokens, variant.maxTokens, calls),
      });
    }
    const sum = (values: (number | null)[]) =>
      values.some((v) => v === null) ? null : Number(values.reduce<number>((a, v) => a + (v ?? 0), 0).toFixed(10));
    return {
      dataset: dataset.name,
      datasetVersion: dataset.version,
      items: items.length,
      totalResults: items.length * variants.length * repetitions,
      variants: perVariant,
      costUsd: sum(perVariant.map((v) => v.costUsd)),
      maxCostUsd: sum(perVariant.map((v) => v.maxCostUsd)),
      missingVariables: planned.missing,
      judgeCalls: items.length * variants.length * repetitions * judges,
    };
  }

  private async promptTokens(version: VersionResponseDto, item: DatasetItemRecord): Promise<number> {
    try {
      return estimatePromptTokens(
        chatMessages(await this.rendering.render(version, coerceVariables(version.variablesMeta, item.input))),
      );
    } catch {
      // An item that does not render costs nothing: its run fails before the model is called.
      return 0;
    }
  }

  private async resolveVersion(
    variant: ExperimentVariantDto,
    index: number,
    actor: Actor,
  ): Promise<{ version: VersionResponseDto; environment: string | null }> {
    if (variant.version !== undefined) {
      return { version: await this.versions.getVersion(variant.prompt, variant.version), environment: null };
    }
    if (variant.environment !== undefined) {
      const deployment = await this.deployments.getDeployment(variant.prompt, variant.environment, actor);
      if (deployment.version === null) {
        throw new BadRequestError(
          ErrorCode.DEPLOYMENT_NOT_FOUND,
          `variants.${index}: nothing of "${variant.prompt}" is deployed to ${variant.environment}`,
          [{ field: `variants.${index}.environment`, message: 'nothing is deployed here' }],
        );
      }
      return {
        version: await this.versions.getVersion(variant.prompt, deployment.version),
        environment: variant.environment,
      };
    }
    const list = await this.versions.listVersions(variant.prompt);
    const latest = list.items.find((v) => v.isLatest) ?? list.items[0];
    return { version: await this.versions.getVersion(variant.prompt, latest.version), environment: null };
  }

  private pinVariant(
    given: ExperimentVariantDto,
    version: VersionResponseDto,
    environment: string | null,
    index: number,
  ): ExperimentVariant {
    if (version.kind === 'flow') return this.pinFlowVariant(given, version, environment, index);
    const config = version.modelConfig;
    const provider = given.provider ?? config.provider;
    const model = given.model ?? config.model;
    if (!provider || !model) {
      const error = new ModelNotConfiguredError(version.prompt, version.version);
      throw new BadRequestError(ErrorCode.MODEL_NOT_CONFIGURED, `variants.${index}: ${error.detail}`, [
        { field: `variants.${index}.model`, message: 'give a provider and a model' },
      ]);
    }
    const parameters = {
      temperature: given.temperature ?? config.temperature,
      maxTokens: given.maxTokens ?? config.maxTokens,
      topP: given.topP ?? config.topP,
    };
    return {
      label: given.label ?? '',
      prompt: version.prompt,
      version: version.version,
      environment,
      provider,
      model,
      ...Object.fromEntries(Object.entries(parameters).filter(([, v]) => v !== undefined)),
    };
  }

  /** A flow's steps run on their own models: a flow variant has none to choose. */
  private pinFlowVariant(
    given: ExperimentVariantDto,
    version: VersionResponseDto,
    environment: string | null,
    index: number,
  ): ExperimentVariant {
    const overrides = (['provider', 'model', 'temperature', 'maxTokens', 'topP'] as const).filter(
      (field) => given[field] !== undefined,
    );
    if (overrides.length > 0) {
      throw new BadRequestError(
        ErrorCode.VALIDATION_FAILED,
        `variants.${index}: "${version.prompt}" is a flow; its steps choose their models, so a variant cannot set ${overrides.join(', ')}`,
        overrides.map((field) => ({ field: `variants.${index}.${field}`, message: 'not for a flow' })),
      );
    }
    return {
      label: given.label ?? '',
      prompt: version.prompt,
      version: version.version,
      environment,
      provider: '',
      model: '',
    };
  }
}

/** "v2", or "v2 · gpt-4o" when two variants share a prompt version, unless given a label. */
function labelVariants(variants: ExperimentVariant[], given: ExperimentVariantDto[]): void {
  const prompts = new Set(variants.map((v) => v.prompt));
  for (const [index, variant] of variants.entries()) {
    if (given[index].label) continue;
    const base = prompts.size > 1 ? `${variant.prompt} v${variant.version}` : `v${variant.version}`;
    const shared = variants.filter((v) => v.prompt === variant.prompt && v.version === variant.version).length > 1;
    variant.label = shared && variant.model ? `${base} · ${variant.model}` : base;
  }
  const seen = new Map<string, number>();
  for (const variant of variants) {
    const count = (seen.get(variant.label) ?? 0) + 1;
    seen.set(variant.label, count);
    if (count > 1) variant.label = `${variant.label} (${count})`;
  }
}

/** The version's required variables (declared without a default, or used and undeclared) items lack. */
export function missingVariables(
  version: VersionResponseDto,
  items: DatasetItemRecord[],
  variant: number,
): MissingVariable[] {
  const declared = new Map(version.variablesMeta.map((meta) => [meta.name, meta]));
  const required = new Set<string>();
  for (const meta of version.variablesMeta) {
    if (meta.required !== false && meta.default === undefined) required.add(meta.name);
  }
  // A flow's template is its definition as JSON, not Jinja: its inputs are all declared.
  const used =
    version.kind === 'flow'
      ? []
      : extractVariables(version.kind === 'chat' && version.messages ? version.messages : version.template);
  for (const variable of used) {
    if (variable.required && !declared.has(variable.name)) required.add(variable.name);
  }
  const missing: MissingVariable[] = [];
  for (const variable of required) {
    const itemsMissing = items.filter(
      (item) => item.input[variable] === undefined || item.input[variable] === null,
    ).length;
    if (itemsMissing > 0) missing.push({ variant, variable, itemsMissing });
  }
  return missing;
}

function expectedTokens(item: DatasetItemRecord, maxTokens: number | undefined): number {
  const expected = item.expected;
  if (expected !== null && expected !== undefined) {
    const text = typeof expected === 'string' ? expected : JSON.stringify(expected);
    const tokens = estimateTextTokens(text);
    return maxTokens ? Math.min(tokens, maxTokens) : tokens;
  }
  return maxTokens ? Math.min(maxTokens, DEFAULT_COMPLETION_TOKENS) : DEFAULT_COMPLETION_TOKENS;
}

function maxCost(
  price: ModelPrice | null,
  promptTokens: number,
  maxTokens: number | undefined,
  calls: number,
): number | null {
  if (!price || !maxTokens) return null;
  return costOf(price, promptTokens, maxTokens * calls);
}

/** `count` items spread evenly over the list (the estimate's sample). */
function spread<T>(list: T[], count: number): T[] {
  const step = list.length / count;
  return Array.from({ length: count }, (_, i) => list[Math.floor(i * step)]);
}
