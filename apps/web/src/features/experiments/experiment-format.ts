import type { ComparisonDto } from '@promptops/api-client';
import type { Translate } from '../../i18n/i18n-context';

const MINUS = '\u2212';

/** A score on 0..1 with two decimals: 0.83. */
export function formatScore(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value.toFixed(2);
}

/** A signed difference: +0.12, −0.05, 0.00. */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const text = Math.abs(value).toFixed(2);
  if (text === '0.00') return text;
  return value > 0 ? `+${text}` : `${MINUS}${text}`;
}

function signed(value: number): string {
  const text = Math.abs(value).toFixed(2);
  return value < 0 && text !== '0.00' ? `${MINUS}${text}` : text;
}

/** A share as a whole percentage: 67%. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${Math.round(value * 100)}%`;
}

export function formatInterval(interval: [number, number] | null | undefined, format = signed): string {
  return interval ? `[${format(interval[0])}, ${format(interval[1])}]` : '';
}

/** `p = 0.003`, `p < 0.001`. */
export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'p = —';
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** Mean ± the half-width of its 95 % interval: 0.83 ± 0.05. */
export function formatMeanCi(mean: number | null, ci: [number, number] | null): string {
  if (mean === null) return '—';
  if (!ci) return formatScore(mean);
  return `${formatScore(mean)} ± ${((ci[1] - ci[0]) / 2).toFixed(2)}`;
}

export type VerdictTone = 'success' | 'error' | 'info';

export function verdictTone(comparison: ComparisonDto): VerdictTone {
  if (comparison.verdict === 'better') return 'success';
  if (comparison.verdict === 'worse') return 'error';
  return 'info';
}

/**
 * The verdict in the user's language, built from the comparison's numbers (the API's
 * `verdictText` is English only): "v2 better than v1 on 'exact', p = 0.003, +0.12 [0.05, 0.19]".
 */
export function verdictText(comparison: ComparisonDto, labels: string[], t: Translate): string {
  const params = {
    baseline: labels[comparison.baseline] ?? `#${comparison.baseline}`,
    candidate: labels[comparison.candidate] ?? `#${comparison.candidate}`,
    scorer: comparison.scorer,
    p: formatPValue(comparison.pValue),
    difference: `${formatDelta(comparison.meanDifference)} ${formatInterval(comparison.ci95)}`.trim(),
    pairs: comparison.pairs,
    minItems: comparison.minItems,
  };
  switch (comparison.verdict) {
    case 'better':
      return t('experiments.verdict.better', params);
    case 'worse':
      return t('experiments.verdict.worse', params);
    case 'no_significant_difference':
      return t('experiments.verdict.same', params);
    default:
      return comparison.reason === 'no_differences'
        ? t('experiments.verdict.noDifferences', params)
        : t('experiments.verdict.tooFewItems', params);
  }
}
