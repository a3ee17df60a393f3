/**
 * The tests a rollout's guardrails run: is the candidate worse than the baseline? One-sided,
 * because only a regression should pause a rollout, and unpaired (each arm serves different
 * requests).
 *
 * - Error rate: Fisher's exact test on the 2×2 table of (errors, successes) per arm. Exact at
 *   any sample size, so it stays valid at the small error counts a canary sees early on, where
 *   the normal approximation of a two-proportion z-test is poor.
 * - p95 latency: the share of each arm's successful runs slower than the baseline's p95, again
 *   with Fisher's exact test. This tests the tail that the guardrail is about; a rank test
 *   (Mann–Whitney U) tests a shift of the whole distribution and, with enough runs, flags a
 *   median a few milliseconds slower while missing a candidate whose slow tail doubled.
 */
import hypergeometricCdf from '@stdlib/stats-base-dists-hypergeometric-cdf';
import { quantile } from './descriptive';
import { normalQuantile } from './distributions';

/** The outcome of a one-sided test that the candidate's proportion is higher than the baseline's. */
export interface ProportionTest {
  /** Events and runs per arm (errors, or runs slower than the threshold). */
  baseline: { events: number; n: number; rate: number | null };
  candidate: { events: number; n: number; rate: number | null };
  /** P(a table at least this bad for the candidate | both arms alike). */
  pValue: number;
}

function rate(events: number, n: number): number | null {
  return n > 0 ? events / n : null;
}

/**
 * Fisher's exact test, one-sided ("greater"): with the margins fixed, the candidate's event count
 * X is hypergeometric, and p = P(X ≥ observed). Computed as the equivalent lower tail of the
 * candidate's non-events, P(n − X ≤ n − observed), so that a small p is never 1 − (a number near 1).
 * Matches scipy.stats.fisher_exact(..., alternative='greater').
 */
export function fisherExactGreater(
  candidate: { events: number; n: number },
  baseline: { events: number; n: number },
): ProportionTest {
  const total = candidate.n + baseline.n;
  const events = candidate.events + baseline.events;
  const pValue =
    candidate.n === 0 || baseline.n === 0
      ? 1
      : Math.min(1, Math.max(0, hypergeometricCdf(candidate.n - candidate.events, total, total - events, candidate.n)));
  return {
    baseline: { ...baseline, rate: rate(baseline.events, baseline.n) },
    candidate: { ...candidate, rate: rate(candidate.events, candidate.n) },
    pValue,
  };
}

export interface TailTest extends ProportionTest {
  /** The baseline's p95 (numpy's linear quantile): the threshold both arms are counted against. */
  threshold: number | null;
}

/** Whether the candidate's runs are more often slower than the baseline's `q` quantile (default p95). */
export function tailExceedanceTest(candidate: readonly number[], baseline: readonly number[], q = 0.95): TailTest {
  const threshold = quantile([...baseline], q);
  if (threshold === null || candidate.length === 0) {
    return { ...fisherExactGreater({ events: 0, n: candidate.length }, { events: 0, n: baseline.length }), threshold };
  }
  const above = (values: readonly number[]) => values.filter((v) => v > threshold).length;
  return {
    ...fisherExactGreater(
      { events: above(candidate), n: candidate.length },
      { events: above(baseline), n: baseline.length },
    ),
    threshold,
  };
}

/**
 * Runs per arm for a one-sided test at `alpha` to detect a rise from `p1` to `p2` with the given
 * power: Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions (3rd ed., 2003),
 * eq. 4.14 without the continuity correction. Null when p2 is not above p1.
 */
export function samplesToDetect(p1: number, p2: number, alpha = 0.05, power = 0.8): number | null {
  if (!(p2 > p1) || p1 < 0 || p2 > 1) return null;
  const pBar = (p1 + p2) / 2;
  const zAlpha = normalQuantile(1 - alpha);
  const zBeta = normalQuantile(power);
  const root = zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (root * root) / ((p2 - p1) * (p2 - p1));
}
