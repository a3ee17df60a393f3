import type { AlertComparator, AlertMetric } from '@promptops/api-client';

export const ALERT_METRICS: AlertMetric[] = ['error_rate', 'p95_latency_ms', 'cost_per_hour_usd', 'requests'];
export const ALERT_COMPARATORS: AlertComparator[] = ['>', '<'];

/** A measured value or threshold in its metric's unit. */
export function formatAlertValue(metric: AlertMetric | string | null, value: number | null): string {
  if (value === null) return '—';
  switch (metric) {
    case 'error_rate':
      return `${Math.round(value * 100) / 100} %`;
    case 'p95_latency_ms':
      return `${Math.round(value).toLocaleString()} ms`;
    case 'cost_per_hour_usd':
      return `$${Math.round(value * 10_000) / 10_000}/h`;
    default:
      return Math.round(value).toLocaleString();
  }
}
