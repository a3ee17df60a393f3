/**
 * How an experiment judges a model's output: the kinds of scorer the evaluation lab offers,
 * shared by the API (which validates and runs them) and the console (which offers them).
 */
export const SCORER_KINDS = [
  'exact_match',
  'contains',
  'regex',
  'json_valid',
  'json_schema',
  'numeric',
  'levenshtein',
  'embedding_similarity',
  'llm_judge',
] as const;
export type ScorerKind = (typeof SCORER_KINDS)[number];

/** One scorer of an experiment, as an operator configures it. */
export interface ScorerSpec {
  /** Unique in an experiment, e.g. `accuracy`. */
  name: string;
  kind: ScorerKind;
  /** Kind-specific settings (a regex pattern, a JSON Schema, a judge prompt…). */
  config?: Record<string, unknown>;
  /** An output passes when its score is at least this; each kind has a default. */
  threshold?: number;
}
