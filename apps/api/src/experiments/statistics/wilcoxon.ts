/**
 * Wilcoxon signed-rank test on paired differences, two-sided, matching scipy.stats.wilcoxon's
 * defaults in scipy 1.17 (zero_method='wilcox', correction=False, method='auto'):
 * - zeros are dropped before ranking (Wilcoxon's method); ties get average ranks;
 * - more than 50 differences (zeros included): normal approximation;
 * - otherwise, no ties and no zeros: the exact null distribution of T⁺;
 * - otherwise (ties or zeros), at most 13 differences: an exact permutation test over all 2ⁿ sign
 *   patterns (what scipy's PermutationMethod does deterministically for 2ⁿ ≤ 9999);
 * - otherwise (ties or zeros, 14–50 differences): normal approximation with the tie correction.
 * One deliberate difference: when every difference is zero scipy answers NaN above 13 pairs;
 * here p = 1 (nothing moved).
 */
import { normalTwoSidedP, signRankCdfAt } from './distributions';

export type WilcoxonMethod = 'exact' | 'permutation' | 'normal';

export interface WilcoxonSignedRank {
  /** Paired differences, zeros included. */
  n: number;
  /** Differences equal to zero (dropped before ranking). */
  nZeros: number;
  /** min(R⁺, R⁻), scipy's two-sided statistic. */
  statistic: number;
  /** Sum of the ranks of positive differences (candidate higher). */
  rPlus: number;
  /** Sum of the ranks of negative differences (baseline higher). */
  rMinus: number;
  /** Two-sided p-value. */
  p: number;
  /** How p was computed, per scipy's method='auto' rule. */
  method: WilcoxonMethod;
  /** Normal-approximation z of R⁺ (positive when the candidate is higher); null for exact methods. */
  z: number | null;
  /**
   * Matched-pairs rank-biserial correlation (R⁺ − R⁻) / (R⁺ + R⁻) (Kerby 2014), in [−1, 1]:
   * +1 when every non-zero difference favours the candidate. Null when all differences are zero.
   */
  rankBiserial: number | null;
}

/** Largest sample scipy's method='auto' treats with an exact or permutation distribution. */
const EXACT_MAX_N = 50;
/** Largest sample with ties or zeros that scipy permutes exhaustively (2¹³ = 8192 ≤ 9999 resamples). */
const PERMUTATION_MAX_N = 13;

/** Average ranks (1-based) of `values` and the sizes of their groups of ties. */
function averageRanks(values: readonly number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end + 2) / 2;
    for (let i = start; i <= end; i++) ranks[order[i]] = rank;
    tieSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieSizes };
}

/** Two-sided p of R⁺ over all 2ᵐ sign patterns of the ranks, as scipy.stats.permutation_test. */
function permutationP(ranks: readonly number[], rPlus: number): number {
  const m = ranks.length;
  const total = 2 ** m;
  // scipy's tolerance for "numerically equal" statistics: 100 ulps relative to the observed one.
  const gamma = Math.abs(Number.EPSILON * 100 * rPlus);
  let atMost = 0;
  let atLeast = 0;
  for (let mask = 0; mask < total; mask++) {
    let sum = 0;
    for (let i = 0; i < m; i++) if (mask & (1 << i)) sum += ranks[i];
    if (sum <= rPlus + gamma) atMost++;
    if (sum >= rPlus - gamma) atLeast++;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / total);
}

/** Two-sided Wilcoxon signed-rank test of `differences` against 0; null for an empty sample. */
export function wilcoxonSignedRank(differences: readonly number[]): WilcoxonSignedRank | null {
  const n = differences.length;
  if (n === 0) return null;
  const nonZero = differences.filter((d) => d !== 0);
  const m = nonZero.length;
  const { ranks, tieSizes } = averageRanks(nonZero.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  nonZero.forEach((d, i) => (d > 0 ? (rPlus += ranks[i]) : (rMinus += ranks[i])));
  const hasTies = tieSizes.some((t) => t > 1);
  const nZeros = n - m;
  const rankBiserial = m > 0 ? (rPlus - rMinus) / (rPlus + rMinus) : null;
  const base = { n, nZeros, statistic: Math.min(rPlus, rMinus), rPlus, rMinus, rankBiserial };

  const method: WilcoxonMethod =
    n > EXACT_MAX_N ? 'normal' : !hasTies && nZeros === 0 ? 'exact' : n <= PERMUTATION_MAX_N ? 'permutation' : 'normal';

  if (m === 0) return { ...base, p: 1, method, z: null };
  if (method === 'exact') {
    const maxRankSum = (m * (m + 1)) / 2;
    const lower = signRankCdfAt(Math.ceil(rPlus), m);
    const upper = signRankCdfAt(maxRankSum - Math.floor(rPlus), m); // P(T⁺ ≥ r) by symmetry
    return { ...base, p: Math.min(1, 2 * Math.min(lower, upper)), method, z: null };
  }
  if (method === 'permutation') return { ...base, p: permutationP(ranks, rPlus), method, z: null };

  const expected = (m * (m + 1)) / 4;
  const tieCorrection = tieSizes.reduce((acc, t) => acc + t ** 3 - t, 0);
  const sd = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieCorrection / 2) / 24);
  const z = (rPlus - expected) / sd;
  return { ...base, p: normalTwoSidedP(z), method, z };
}
