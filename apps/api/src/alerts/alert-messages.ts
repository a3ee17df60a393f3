import type { AlertEventKind, AlertMetric } from '@promptops/shared';
import type { RolloutGuardrailTrippedEvent } from '../rollouts/rollouts.events';
import type { AlertRule } from './alert-rule.entity';
import type { AlertPayload } from './alert-webhook';

/** What a check measured for a rule. */
export interface Measurement {
  value: number | null;
  requests: number;
}

const METRIC_LABELS: Record<AlertMetric, string> = {
  error_rate: 'error rate',
  p95_latency_ms: 'p95 latency',
  cost_per_hour_usd: 'cost per hour',
  requests: 'requests',
};

export function formatValue(metric: AlertMetric, value: number): string {
  switch (metric) {
    case 'error_rate':
      return `${round(value, 2)} %`;
    case 'p95_latency_ms':
      return `${Math.round(value)} ms`;
    case 'cost_per_hour_usd':
      return `$${round(value, 4)}/h`;
    case 'requests':
      return String(Math.round(value));
  }
}

function where(prompt: string, environment: string): string {
  return environment ? `${prompt} (${environment})` : `${prompt} (all environments)`;
}

/** The one line an alert says, e.g. `checkout (prod): error rate 12.5 % > 5 % over 5 min (40 calls)`. */
export function ruleMessage(kind: 'fired' | 'resolved' | 'test', rule: AlertRule, measured: Measurement): string {
  const head = kind === 'fired' ? '[FIRING]' : kind === 'resolved' ? '[RESOLVED]' : '[TEST]';
  const condition = `${METRIC_LABELS[rule.metric]} ${rule.comparator} ${formatValue(rule.metric, rule.threshold)}`;
  const now =
    measured.value === null
      ? `not enough calls (${measured.requests})`
      : `${formatValue(rule.metric, measured.value)} over ${rule.windowMinutes} min (${measured.requests} calls)`;
  const what =
    kind === 'test' ? `a test of the rule "${rule.name}": ${condition}` : `"${rule.name}": ${condition}; now ${now}`;
  return `${head} ${where(rule.promptName, rule.environment)} — ${what}`;
}

export function rulePayload(
  kind: AlertEventKind,
  rule: AlertRule,
  measured: Measurement,
  message: string,
  at: Date,
): AlertPayload {
  return {
    text: message,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: message } }],
    event: kind,
    rule: { id: rule.id, name: rule.name },
    prompt: rule.promptName,
    environment: rule.environment,
    metric: rule.metric,
    comparator: rule.comparator,
    threshold: rule.threshold,
    value: measured.value,
    requests: measured.requests,
    windowMinutes: rule.windowMinutes,
    at: at.toISOString(),
  };
}

export function guardrailMessage(event: RolloutGuardrailTrippedEvent): string {
  const action = event.action === 'paused' ? 'paused' : 'rolled back';
  return (
    `[GUARDRAIL] ${where(event.prompt, event.environment)} — the rollout of version ${event.candidateVersion} ` +
    `(baseline ${event.baselineVersion}) was ${action} on ${event.metric}: ${event.detail}`
  );
}

export function guardrailPayload(event: RolloutGuardrailTrippedEvent, message: string, at: Date): AlertPayload {
  return {
    text: message,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: message } }],
    event: 'guardrail',
    prompt: event.prompt,
    environment: event.environment,
    rolloutId: event.rolloutId,
    baselineVersion: event.baselineVersion,
    candidateVersion: event.candidateVersion,
    action: event.action,
    metric: event.metric,
    detail: event.detail,
    at: at.toISOString(),
  };
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
