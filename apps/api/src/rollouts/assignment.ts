import { createHash, randomInt } from 'node:crypto';
import { ROLLOUT_BUCKETS, RolloutStickyKey } from '@promptops/shared';

/**
 * Which arm of a rollout a request gets. Stateless and the same on every replica:
 *
 *   bucket = first 48 bits of SHA-256(stickyKey ‖ NUL ‖ rolloutId), as an integer, mod 10,000
 *
 * SHA-256 (node:crypto, ~1 µs for a short key) is used for its uniformity and because every
 * runtime has it; 48 bits mod 10,000 is biased by less than 10⁻¹⁰. The NUL keeps `a`+`b1` and
 * `ab`+`1` apart, and the rollout id makes each rollout split its subjects afresh (the 1 % who
 * got the last canary are not the 1 % who get the next one).
 *
 * Candidates take the buckets from 0 up, in order: [0, w₁), [w₁, w₁ + w₂)…; the rest is the
 * baseline's. Growing a candidate's weight (the only one, or the last one) only adds buckets
 * to it, so no subject ever leaves the candidate while its share grows.
 */

/** The baseline's arm name; candidates are `candidate`, then `candidate-2`, `candidate-3`… */
export const BASELINE_VARIANT = 'baseline';

export function candidateVariant(index: number): string {
  return index === 0 ? 'candidate' : `candidate-${index + 1}`;
}

/** A rollout as assignment needs it. */
export interface AssignableRollout {
  id: number;
  /** Candidate weights in basis points, in order; together at most 10,000. */
  weightsBp: readonly number[];
}

/** The arm a request was assigned to: `baseline`, or the index of its candidate. */
export type Assignment = { variant: string; candidate: number | null };

/** The hash bucket (0…9,999) of a sticky key in a rollout. */
export function bucketOf(stickyKey: string, rolloutId: number): number {
  const digest = createHash('sha256').update(`${stickyKey}\u0000${rolloutId}`).digest();
  return digest.readUIntBE(0, 6) % ROLLOUT_BUCKETS;
}

/** The arm for a bucket. */
export function armOf(bucket: number, weightsBp: readonly number[]): Assignment {
  let upper = 0;
  for (const [index, weight] of weightsBp.entries()) {
    upper += weight;
    if (bucket < upper) return { variant: candidateVariant(index), candidate: index };
  }
  return { variant: BASELINE_VARIANT, candidate: null };
}

/** The arm a request gets: by its sticky key's bucket, or by a random bucket without one. */
export function assign(rollout: AssignableRollout, stickyKey: string | null): Assignment {
  const bucket = stickyKey === null ? randomInt(ROLLOUT_BUCKETS) : bucketOf(stickyKey, rollout.id);
  return armOf(bucket, rollout.weightsBp);
}

/**
 * The sticky key of a request under a rollout's setting: the one it names, else the other one
 * the request carries, else none (random). `random` always answers none.
 */
export function stickyKeyOf(
  mode: RolloutStickyKey,
  request: { userId?: string | null; subjectKey?: string | null },
): string | null {
  if (mode === 'random') return null;
  const userId = request.userId || null;
  const subjectKey = request.subjectKey || null;
  // Prefixed, so a userId and a subjectKey with the same text are different subjects.
  if (mode === 'userId') return userId ? `u:${userId}` : subjectKey ? `s:${subjectKey}` : null;
  return subjectKey ? `s:${subjectKey}` : userId ? `u:${userId}` : null;
}

/** Response headers naming what was served: `X-PromptOps-Version` and, in a rollout, `X-PromptOps-Rollout-Variant`. */
export function servedHeaders(version: number | null, variant: string | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (version !== null) headers['x-promptops-version'] = String(version);
  if (variant) headers['x-promptops-rollout-variant'] = variant;
  return headers;
}
