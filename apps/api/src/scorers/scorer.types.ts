import type { ScorerSpec } from '@promptops/shared';

/** What a scorer judges: the dataset item's variables, the model's output and the item's expected value. */
export interface ScoreInput {
  input: Record<string, unknown>;
  output: string;
  expected: unknown;
}

/**
 * A scorer's verdict on one output. `error` is the scorer's own failure (an unparseable judge
 * answer, an item without an expected value…), counted apart from a failure of the model scored.
 */
export interface Score {
  /** 0..1; null when the scorer could not score. */
  score: number | null;
  /** score ≥ threshold; null when the scorer could not score. */
  pass: boolean | null;
  reason: string | null;
  error: string | null;
  /** What a model-backed scorer (judge, embeddings) spent. */
  usage?: { promptTokens: number; completionTokens: number };
  costUsd?: number | null;
  /** The judge's run in the run log. */
  runId?: number | null;
}

/** The judge a scorer was pinned to: a prompt version (immutable) and the model it runs on. */
export interface PinnedJudge {
  prompt: string;
  version: number;
  provider: string;
  model: string;
}

/** The embedding model a scorer was pinned to. */
export interface PinnedEmbedding {
  provider: string;
  model: string;
}

/**
 * A scorer checked and pinned when an experiment is created, so that a re-run scores the same
 * way: its config with every default filled in, its threshold, the version of the scorer's
 * implementation, and what it depends on outside itself (judge prompt version, embedding model).
 */
export interface PinnedScorer extends ScorerSpec {
  config: Record<string, unknown>;
  threshold: number;
  /** Bumped when a kind's scoring changes, so results of different versions are not compared blindly. */
  version: number;
  judge?: PinnedJudge;
  embedding?: PinnedEmbedding;
}

/** What a scorer function concludes: a score with its reason, or why it could not score. */
export type Verdict = { score: number; reason: string } | { error: string };
