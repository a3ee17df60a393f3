/**
 * `queued` until a worker takes it; `running`; then one of the end states. A `cancelled`,
 * `failed` or `budget_exceeded` experiment can be resumed: only its missing results are computed.
 */
export const EXPERIMENT_STATUSES = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
  'budget_exceeded',
] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** End states an experiment can be resumed from. */
export const RESUMABLE_EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ['failed', 'cancelled', 'budget_exceeded'];

/** 1–20 repetitions of each item and variant. */
export const MAX_REPETITIONS = 20;

/** One side of a comparison, pinned when the experiment is created. */
export interface ExperimentVariant {
  /** Short label shown in the console, e.g. "v2" or "v2 · gpt-4o-mini". */
  label: string;
  prompt: string;
  version: number;
  /** Set when the variant was chosen as "what this environment serves"; `version` is what it served then. */
  environment: string | null;
  provider: string;
  model: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}
