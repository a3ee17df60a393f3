/**
 * Paired t-test on item-level differences (candidate − baseline), with Cohen's d_z.
 * Equivalent to scipy.stats.ttest_rel(candidate, baseline) and to ttest_1samp(differences, 0).
 */
import { Interval, mean, sampleStandardDeviation } from './descriptive';
import { normalQuantile, tQuantile, tTwoSidedP } from './distributions';

export interface PairedTTest {
  /** Paired items. */
  n: number;
  /** Degrees of freedom, n − 1. */
  df: number;
  /** Mean of the differences (candidate − baseline). */
  meanDifference: number;
  /** Sample standard deviation of the differences. */
  sd: number;
  /** Standard error of the mean difference, sd / √n. */
  se: number;
  /** t = mean / se; null when every difference is the same (sd = 0: the test does not apply). */
  t: number | null;
  /** Two-sided p-value; null when t is. */
  p: number | null;
  /** t-based interval of the mean difference at the requested confidence. */
  ci: Interval;
  /** Cohen's d_z = mean / sd of the differences; null when sd = 0. */
  cohensDz: number | null;
  /**
   * Approximate interval of d_z: d_z ± z · √(1/n + d_z²/(2n)), the large-sample normal
   * approximation of the standardised mean's standard error (Hedges & Olkin 1985, for the
   * one-sample / paired case). It is a little narrow below ~20 items; exact intervals would
   * invert the noncentral t distribution.
   */
  cohensDzCi: Interval | null;
}

/** Paired t-test of `differences` against 0; null below two differences. */
export function pairedTTest(differences: readonly number[], confidence = 0.95): PairedTTest | null {
  const n = differences.length;
  const sd = sampleStandardDeviation(differences);
  if (sd === null) return null;
  const m = mean(differences) as number;
  const se = sd / Math.sqrt(n);
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * se;
  const ci = { lower: m - half, upper: m + half };
  if (sd === 0) {
    return { n, df: n - 1, meanDifference: m, sd, se, t: null, p: null, ci, cohensDz: null, cohensDzCi: null };
  }
  const t = m / se;
  const dz = m / sd;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const dzSe = Math.sqrt(1 / n + (dz * dz) / (2 * n));
  return {
    n,
    df: n - 1,
    meanDifference: m,
    sd,
    se,
    t,
    p: tTwoSidedP(t, n - 1),
    ci,
    cohensDz: dz,
    cohensDzCi: { lower: dz - z * dzSe, upper: dz + z * dzSe },
  };
}
