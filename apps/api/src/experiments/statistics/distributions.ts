/**
 * The probability distributions the lab's tests need, from stdlib (https://stdlib.io): ports of
 * Boost and Cephes algorithms, accurate to a few ulps, with TypeScript types. Nothing here is a
 * hand-written special function; this file only names the tails the tests use, so that a
 * two-sided p-value is computed from the small tail (never as 1 − a number close to 1).
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileAt from '@stdlib/stats-base-dists-normal-quantile';
import signRankCdf from '@stdlib/stats-base-dists-signrank-cdf';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantileAt from '@stdlib/stats-base-dists-t-quantile';

/** Quantile of Student's t with `df` degrees of freedom: tQuantile(0.975, 14) ≈ 2.1448. */
export function tQuantile(probability: number, df: number): number {
  return tQuantileAt(probability, df);
}

/** Two-sided p-value of a t statistic: P(|T| ≥ |t|), from the lower tail. */
export function tTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Quantile of the standard normal distribution: normalQuantile(0.975) ≈ 1.95996. */
export function normalQuantile(probability: number): number {
  return normalQuantileAt(probability, 0, 1);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|), from the lower tail. */
export function normalTwoSidedP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdfAt(k: number, n: number, p: number): number {
  return binomialCdf(k, n, p);
}

/** Upper tail P(X ≥ x) of the chi-square distribution with `df` degrees of freedom. */
export function chiSquareSurvival(x: number, df: number): number {
  return Math.max(0, 1 - chiSquareCdf(x, df));
}

/**
 * P(T⁺ ≤ k) for Wilcoxon's signed-rank statistic T⁺ on `n` untied, non-zero differences
 * (the exact null distribution: each of the 2ⁿ sign patterns equally likely).
 */
export function signRankCdfAt(k: number, n: number): number {
  if (k < 0) return 0;
  return signRankCdf(k, n);
}
