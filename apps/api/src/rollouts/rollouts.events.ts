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
