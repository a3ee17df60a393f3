/**
 * Emitted (after commit) when a rollout's guardrail finds a candidate significantly worse than
 * its baseline and pauses or rolls the rollout back. Alerts post it to the prompt's alert
 * webhooks and keep it in the alert history.
 */
export class RolloutGuardrailTrippedEvent {
  static readonly NAME = 'rollout.guardrail-tripped';

  constructor(
    readonly rolloutId: number,
    readonly prompt: string,
    readonly environment: string,
    readonly baselineVersion: number,
    readonly candidateVersion: number,
    /** What the guardrail did. */
    readonly action: 'paused' | 'rolled_back',
    /** Which measure tripped it, e.g. `error_rate` or `p95_latency`. */
    readonly metric: string,
    /** One sentence for people: both values, the sample sizes and the p-value. */
    readonly detail: string,
  ) {}
}

/**
 * Emitted (after commit) whenever what a rollout serves changes: started, weights or step
 * changed, paused, resumed, ended. The serving cache drops the prompt's resolutions on every
 * replica.
 */
export class RolloutChangedEvent {
  static readonly NAME = 'rollout.changed';

  constructor(
    readonly prompt: string,
    readonly environment: string,
    readonly rolloutId: number,
    readonly action: string,
  ) {}
}
