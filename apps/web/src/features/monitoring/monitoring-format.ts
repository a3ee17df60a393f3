import type { MetricsRange } from '@promptops/api-client';

export const METRICS_RANGES: readonly MetricsRange[] = ['1h', '6h', '24h', '7d', '30d'];
export const DEFAULT_RANGE: MetricsRange = '24h';

/** An error rate (0..1) as a percentage with one decimal: 2.4 %. */
export function formatRate(rate: number): string {
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.001 ? 2 : 1)} %`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

/** A chart's time axis label: the hour and minute for short ranges, the day (and hour) for long ones. */
export function axisTime(iso: string, stepSeconds: number, locale: string): string {
  const date = new Date(iso);
  if (stepSeconds < 3600) return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (stepSeconds < 86_400) {
    return date.toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }
  return date.toLocaleDateString(locale, { month: 'numeric', day: 'numeric' });
}
