import type { ScorerSpec } from '@promptops/shared';

/** What a scorer looks at for one result. */
export interface ScoreInput {
  input: Record<string, unknown>;
  output: string;
  expected: unknown;
}

/** One scorer's verdict on one result. `error` is the scorer's own failure, counted apart. */
export interface Score {
  score: number | null;
  pass: boolean | null;
  reason: string | null;
  error: string | null;
  usage?: { promptTokens: number; completionTokens: number };
  costUsd?: number | null;
  runId?: number | null;
}

/** A scorer as an experiment keeps it: everything that decides its scores fixed. */
export interface PinnedScorer extends ScorerSpec {
  version: number;
}
