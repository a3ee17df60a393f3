/**
 * Rollouts (canary and A/B): a deployment serves its version (the baseline) to most callers and
 * one or more candidate versions to a share of them, chosen by a sticky hash.
 */

/** `running` splits traffic; `paused` serves the baseline to everyone; the others have ended. */
export const ROLLOUT_STATUSES = ['running', 'paused', 'promoted', 'aborted', 'rolled_back'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

/** A rollout in one of these states is the active one of its prompt and environment. */
export const ACTIVE_ROLLOUT_STATUSES: readonly RolloutStatus[] = ['running', 'paused'];

/**
 * What keeps a caller on one variant: the request's `userId`, its `subjectKey`, or nothing
 * (each request drawn at random).
 */
export const ROLLOUT_STICKY_KEYS = ['userId', 'subjectKey', 'random'] as const;
export type RolloutStickyKey = (typeof ROLLOUT_STICKY_KEYS)[number];

/** What the guardrails compare between each candidate and the baseline. */
export const ROLLOUT_GUARDRAIL_METRICS = ['error_rate', 'p95_latency'] as const;
export type RolloutGuardrailMetric = (typeof ROLLOUT_GUARDRAIL_METRICS)[number];

/** What a tripped guardrail does: pause (everyone gets the baseline, resumable) or roll back (ended). */
export const ROLLOUT_GUARDRAIL_ACTIONS = ['pause', 'rollback'] as const;
export type RolloutGuardrailAction = (typeof ROLLOUT_GUARDRAIL_ACTIONS)[number];

/** Buckets of the assignment hash: weights are in basis points (1/100 of a percent). */
export const ROLLOUT_BUCKETS = 10_000;
