/**
 * McNemar's test on paired pass/fail outcomes, like statsmodels' `mcnemar`: the exact two-sided
 * binomial test (exact=True) when there are fewer than 25 discordant items, otherwise the
 * chi-square statistic with Edwards' continuity correction (exact=False, correction=True).
 * One deliberate difference: the corrected |b − c| − 1 is floored at 0, so b = c gives p = 1
 * (statsmodels squares −1 there). The difference in pass rates gets the Wald interval with
 * Agresti & Min's adjustment (add ½ to each of the four cells), recommended for paired proportions
 * by Fagerland, Lydersen & Laake (2014).
 */
import { Interval } from './descriptive';
import { binomialCdfAt, chiSquareSurvival, normalQuantile } from './distributions';

/** Below this many discordant items the exact binomial test is used. */
export const MCNEMAR_EXACT_BELOW = 25;

export interface PassPair {
  baseline: boolean;
  candidate: boolean;
}

export interface McNemarTest {
  /** Items judged in both variants. */
  nItems: number;
  bothPass: number;
  bothFail: number;
  /** b: items the baseline passes and the candidate fails. */
  baselineOnly: number;
  /** c: items the candidate passes and the baseline fails. */
  candidateOnly: number;
  method: 'exact_binomial' | 'chi_square_corrected';
  /** min(b, c) for the exact test, the corrected χ² (1 df) otherwise. */
  statistic: number;
  /** Two-sided p-value. */
  p: number;
  baselinePassRate: number;
  candidatePassRate: number;
  /** candidatePassRate − baselinePassRate = (c − b) / n. */
  difference: number;
  /** Agresti–Min interval of the difference, clipped to [−1, 1]. */
  ci: Interval;
}

/** McNemar's test on per-item pass/fail pairs; null when there is no pair. */
export function mcnemarTest(pairs: readonly PassPair[], confidence = 0.95): McNemarTest | null {
  const n = pairs.length;
  if (n === 0) return null;
  let bothPass = 0;
  let bothFail = 0;
  let b = 0;
  let c = 0;
  for (const pair of pairs) {
    if (pair.baseline && pair.candidate) bothPass++;
    else if (!pair.baseline && !pair.candidate) bothFail++;
    else if (pair.baseline) b++;
    else c++;
  }
  const discordant = b + c;
  let method: McNemarTest['method'];
  let statistic: number;
  let p: number;
  if (discordant < MCNEMAR_EXACT_BELOW) {
    method = 'exact_binomial';
    statistic = Math.min(b, c);
    p = discordant === 0 ? 1 : Math.min(1, 2 * binomialCdfAt(statistic, discordant, 0.5));
  } else {
    method = 'chi_square_corrected';
    statistic = Math.max(0, Math.abs(b - c) - 1) ** 2 / discordant;
    p = chiSquareSurvival(statistic, 1);
  }

  const z = normalQuantile(1 - (1 - confidence) / 2);
  const bAdj = b + 0.5;
  const cAdj = c + 0.5;
  const nAdj = n + 2;
  const centre = (cAdj - bAdj) / nAdj;
  const se = Math.sqrt(bAdj + cAdj - (cAdj - bAdj) ** 2 / nAdj) / nAdj;
  return {
    nItems: n,
    bothPass,
    bothFail,
    baselineOnly: b,
    candidateOnly: c,
    method,
    statistic,
    p,
    baselinePassRate: (bothPass + b) / n,
    candidatePassRate: (bothPass + c) / n,
    difference: (c - b) / n,
    ci: { lower: Math.max(-1, centre - z * se), upper: Math.min(1, centre + z * se) },
  };
}
