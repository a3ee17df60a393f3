import type { CreateExperimentDto, ExperimentVariantDto, ScorerSpecDto } from '@promptops/api-client';
import type { ScorerKind } from '@promptops/shared';
import { InvalidJson } from '../prompts';

/** What a variant runs: a version number, `env:<name>` (what that environment serves), or the latest. */
export type VariantTarget = number | string | undefined;
const ENVIRONMENT_PREFIX = 'env:';

export function environmentTarget(environment: string): string {
  return `${ENVIRONMENT_PREFIX}${environment}`;
}

export interface VariantValues {
  prompt?: string;
  /** Named `version` so the API's field errors on `variants.N.version` land on it. */
  version?: VariantTarget;
  label?: string;
  provider?: string;
  model?: string;
  temperature?: number | null;
  maxTokens?: number | null;
}

export interface ScorerValues {
  name?: string;
  kind?: ScorerKind;
  threshold?: number | null;
  config?: Record<string, unknown>;
}

export interface ExperimentFormValues {
  name?: string;
  description?: string;
  dataset?: string;
  datasetVersion?: number;
  variants?: VariantValues[];
  repetitions?: number | null;
  scorers?: ScorerValues[];
  budgetUsd?: number | null;
}

/** The settings each kind takes (the API refuses others), in the order the form shows them. */
export const SCORER_SETTINGS: Record<ScorerKind, string[]> = {
  exact_match: ['trim', 'ignoreCase'],
  contains: ['values', 'mode', 'ignoreCase'],
  regex: ['pattern', 'flags', 'negate'],
  json_valid: [],
  json_schema: ['schema'],
  numeric: ['tolerance', 'relativeTolerance'],
  levenshtein: ['trim', 'ignoreCase'],
  embedding_similarity: ['provider', 'model'],
  llm_judge: ['prompt', 'provider', 'model'],
};

/** Kinds whose score is graded (not pass/fail), so a pass threshold means something; with the API's defaults. */
export const SCORER_THRESHOLDS: Partial<Record<ScorerKind, number>> = {
  contains: 1,
  numeric: 1,
  levenshtein: 0.8,
  embedding_similarity: 0.8,
  llm_judge: 0.5,
};

export const DEFAULT_JUDGE_PROMPT = 'eval-judge';

/** What a new scorer row starts with, per kind. */
export function defaultScorerConfig(kind: ScorerKind): Record<string, unknown> {
  switch (kind) {
    case 'exact_match':
    case 'levenshtein':
      return { trim: true, ignoreCase: false };
    case 'contains':
      return { mode: 'all', ignoreCase: false };
    case 'regex':
      return { flags: [], negate: false };
    case 'llm_judge':
      return { prompt: DEFAULT_JUDGE_PROMPT };
    default:
      return {};
  }
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The scorer's config as the API takes it: only its kind's settings, blanks left to the defaults. */
function scorerConfig(kind: ScorerKind, config: Record<string, unknown> = {}): Record<string, unknown> | null {
  const result: Record<string, unknown> = {};
  for (const key of SCORER_SETTINGS[kind]) {
    let value = config[key];
    if (value instanceof InvalidJson) return null;
    if (kind === 'regex' && key === 'flags' && Array.isArray(value)) value = value.join('');
    if (!isBlank(value)) result[key] = value;
  }
  return result;
}

function variantBody(variant: VariantValues): ExperimentVariantDto | null {
  if (!variant.prompt) return null;
  const body: ExperimentVariantDto = { prompt: variant.prompt };
  if (typeof variant.version === 'number') body.version = variant.version;
  else if (typeof variant.version === 'string' && variant.version.startsWith(ENVIRONMENT_PREFIX)) {
    body.environment = variant.version.slice(ENVIRONMENT_PREFIX.length);
  }
  if (variant.label?.trim()) body.label = variant.label.trim();
  if (variant.provider) body.provider = variant.provider;
  if (variant.model) body.model = variant.model;
  if (typeof variant.temperature === 'number') body.temperature = variant.temperature;
  if (typeof variant.maxTokens === 'number') body.maxTokens = variant.maxTokens;
  return body;
}

function scorerBody(scorer: ScorerValues): ScorerSpecDto | null {
  if (!scorer.name?.trim() || !scorer.kind) return null;
  const config = scorerConfig(scorer.kind, scorer.config);
  if (config === null) return null;
  const body: ScorerSpecDto = { name: scorer.name.trim(), kind: scorer.kind };
  if (Object.keys(config).length > 0) body.config = config;
  if (typeof scorer.threshold === 'number' && scorer.kind in SCORER_THRESHOLDS) body.threshold = scorer.threshold;
  return body;
}

/**
 * The request the form describes, or undefined while it lacks what the API needs to say anything
 * (a dataset, a prompt on every variant, a named scorer). `name` may still be empty: the estimate
 * does not need it.
 */
export function experimentBody(values: ExperimentFormValues): CreateExperimentDto | undefined {
  if (!values.dataset) return undefined;
  const variants = (values.variants ?? []).map(variantBody);
  const scorers = (values.scorers ?? []).map(scorerBody);
  if (variants.length === 0 || scorers.length === 0) return undefined;
  if (variants.some((v) => v === null) || scorers.some((s) => s === null)) return undefined;
  const body: CreateExperimentDto = {
    name: values.name?.trim() || '—',
    dataset: values.dataset,
    variants: variants as ExperimentVariantDto[],
    scorers: scorers as ScorerSpecDto[],
    repetitions: values.repetitions ?? 1,
  };
  if (values.description?.trim()) body.description = values.description.trim();
  if (values.datasetVersion) body.datasetVersion = values.datasetVersion;
  if (typeof values.budgetUsd === 'number') body.budgetUsd = values.budgetUsd;
  return body;
}

/**
 * The API names fields two ways (`variants.0.prompt` from validation, `scorers[1].config.pattern`
 * from the scorer checks), and a variant's environment is chosen in its version field: rewrite
 * them to the form's name paths.
 */
export function formFieldPath(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1').replace(/^variants\.(\d+)\.environment$/, 'variants.$1.version');
}
