import type { ExperimentGridRowDto, ExperimentResultDto } from '@promptops/api-client';

/** A variant's mean on the grid's scorer for one item (repetitions averaged), or null. */
export function itemMean(row: ExperimentGridRowDto, variant: number): number | null {
  const value: unknown = row.means[variant];
  return typeof value === 'number' ? value : null;
}

export type ResultMark = 'pass' | 'fail' | 'unscored' | 'error';

/** One scorer's verdict on one result (the API's `ScoreDto`; the generated type leaves it open). */
export interface ResultScore {
  score: number | null;
  pass: boolean | null;
  reason: string | null;
  error: string | null;
  runId?: number | null;
  costUsd?: number | null;
}

export function resultScores(result: ExperimentResultDto): [string, ResultScore][] {
  return Object.entries(result.scores as Record<string, ResultScore>);
}

/** What a repetition's dot shows: model error, scorer pass/fail, or no score (the scorer's own failure). */
export function resultMark(result: ExperimentResultDto, scorer: string | null): ResultMark {
  if (result.status === 'error') return 'error';
  const score = scorer ? (result.scores as Record<string, ResultScore | undefined>)[scorer] : undefined;
  if (!score || score.error || score.pass === null) return 'unscored';
  return score.pass ? 'pass' : 'fail';
}

/** An item's input variables in one line, for the grid's first column. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
