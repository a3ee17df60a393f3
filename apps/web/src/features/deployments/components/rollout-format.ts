import type { RolloutComparisonDto, RolloutResponseDto } from '@promptops/api-client';
import type { MessageKey } from '../../../i18n/messages/en';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A p-value as people read it: p = 0.003, p < 0.0001. */
export function formatP(p: number): string {
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p < 0.001 ? p.toPrecision(1) : p.toFixed(3)}`;
}

export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)} %`;
}

/** An arm's name in the reader's language: baseline, candidate, candidate-2… */
export function variantLabel(variant: string, t: Translate): string {
  if (variant === 'baseline') return t('rollout.baseline');
  return variant.replace(/^candidate/, t('rollout.candidateArm'));
}

/** One candidate's test results in words, e.g. "candidate worse on error rate, p = 0.003". */
export function comparisonSentence(comparison: RolloutComparisonDto, t: Translate): string {
  const variant = variantLabel(comparison.variant, t);
  if (comparison.errorRate.significant) {
    return t('rollout.worseOn', {
      variant,
      metric: t('rollout.metric.error_rate'),
      p: formatP(comparison.errorRate.pValue),
    });
  }
  if (comparison.p95Latency.significant) {
    return t('rollout.worseOn', {
      variant,
      metric: t('rollout.metric.p95_latency'),
      p: formatP(comparison.p95Latency.pValue),
    });
  }
  return t('rollout.noDifference', {
    variant,
    pError: formatP(comparison.errorRate.pValue),
    pLatency: formatP(comparison.p95Latency.pValue),
  });
}

export const ROLLOUT_STATUS_COLORS: Record<RolloutResponseDto['status'], string> = {
  running: 'processing',
  paused: 'warning',
  promoted: 'success',
  aborted: 'default',
  rolled_back: 'error',
};
