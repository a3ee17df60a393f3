/**
 * One variant's numbers on one scorer: how many items and results, scorer errors, the mean score
 * with its interval, the pass rate with Wilson's interval and pass@k over repetitions.
 *
 * The unit of analysis is the dataset item. Repetitions of one item share its input, so their
 * scores are correlated: treating 50 items × 5 repetitions as 250 independent scores would shrink
 * the interval by up to √5 and overstate certainty. Each item's scores are averaged first, and the
 * mean, sd and t-interval are over those item means (each item weighs the same, however many of
 * its repetitions were scored).
 */
import {
  finiteValues,
  Interval,
  mean,
  meanConfidenceInterval,
  sampleStandardDeviation,
  wilsonInterval,
} from './descriptive';
import { assertOpenUnitInterval, StatisticsOptionError } from './statistics.errors';

/** One scored output: one item, one repetition, one scorer. */
export interface ScoredResult {
  /** The dataset item the output answers. */
  itemId: string;
  /** 1-based repetition number of the item within the variant. */
  repetition: number;
  /** Score in [0, 1]; null when the scorer failed (counted apart, never as 0). NaN counts as a failure too. */
  score: number | null;
  /** Whether the output passed the scorer's threshold; null when the scorer gave no verdict. */
  pass: boolean | null;
}

/** Pass rate over all judged results (a null `pass` is not judged). */
export interface PassRate {
  passes: number;
  judged: number;
  /** passes / judged, null when nothing was judged. */
  rate: number | null;
  /** Wilson interval of the rate at the summary's confidence level. */
  ci: Interval | null;
}

/** pass@k: the chance that at least one of k repetitions of an item passes, averaged over items. */
export interface PassAtK {
  k: number;
  /** Mean over items of the unbiased estimator 1 − C(n−c, k) / C(n, k); null when no item has k judged repetitions. */
  value: number | null;
  /** Items with at least k judged repetitions (the others cannot estimate pass@k). */
  nItems: number;
}

/** Summary of one variant on one scorer. Every number is finite or null. */
export interface VariantSummary {
  /** Items with at least one score. */
  nItems: number;
  /** Results passed in, scored or not. */
  nResults: number;
  /** Results with a score. */
  nScored: number;
  /** Results whose score is null (or not a finite number): scorer errors. */
  scorerErrors: number;
  /** Mean of the item means. */
  mean: number | null;
  /** Sample standard deviation of the item means; null below two items. */
  sd: number | null;
  /** t-based interval of the mean over items; null below two items. */
  ci: Interval | null;
  passRate: PassRate;
  /** pass@1 … pass@repetitions. */
  passAtK: PassAtK[];
  /** Confidence level of the intervals, e.g. 0.95. */
  confidence: number;
}

export interface SummaryOptions {
  /** Repetitions per item in the experiment (1–20): pass@k is given for k = 1…repetitions. Defaults to the most judged repetitions of any item. */
  repetitions?: number;
  /** Confidence level of the intervals; 0.95 by default. */
  confidence?: number;
}

/** A score the statistics may use: a finite number. */
export function isUsableScore(score: number | null | undefined): score is number {
  return typeof score === 'number' && Number.isFinite(score);
}

/** Mean score of each item over its scored repetitions; items without a score are left out. */
export function itemMeans(results: readonly ScoredResult[]): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const r of results) {
    if (!isUsableScore(r.score)) continue;
    const acc = sums.get(r.itemId) ?? { sum: 0, n: 0 };
    acc.sum += r.score;
    acc.n += 1;
    sums.set(r.itemId, acc);
  }
  return new Map([...sums].map(([itemId, { sum, n }]) => [itemId, sum / n]));
}

/** Passes and judged repetitions of each item that has at least one judged repetition. */
export function itemPassCounts(results: readonly ScoredResult[]): Map<string, { passes: number; judged: number }> {
  const counts = new Map<string, { passes: number; judged: number }>();
  for (const r of results) {
    if (typeof r.pass !== 'boolean') continue;
    const acc = counts.get(r.itemId) ?? { passes: 0, judged: 0 };
    acc.judged += 1;
    if (r.pass) acc.passes += 1;
    counts.set(r.itemId, acc);
  }
  return counts;
}

/**
 * Unbiased pass@k of one item with n judged repetitions of which c passed (Chen et al. 2021,
 * "Evaluating Large Language Models Trained on Code"): 1 − C(n−c, k) / C(n, k), computed as the
 * product 1 − ∏_{i=n−c+1..n} (1 − k/i) so that no binomial coefficient overflows. Requires 1 ≤ k ≤ n.
 */
export function passAtKEstimate(n: number, c: number, k: number): number {
  if (!(Number.isInteger(n) && Number.isInteger(c) && Number.isInteger(k)) || k < 1 || k > n || c < 0 || c > n) {
    throw new StatisticsOptionError(`pass@k needs integers 1 ≤ k ≤ n and 0 ≤ c ≤ n, got n=${n}, c=${c}, k=${k}`);
  }
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** Summarises one variant's results on one scorer (pass only that scorer's results). */
export function summarizeVariant(results: readonly ScoredResult[], options: SummaryOptions = {}): VariantSummary {
  const confidence = options.confidence ?? 0.95;
  assertOpenUnitInterval('confidence', confidence);
  if (options.repetitions !== undefined && !(Number.isInteger(options.repetitions) && options.repetitions >= 0)) {
    throw new StatisticsOptionError(`repetitions must be a non-negative integer, got ${options.repetitions}`);
  }

  const scored = results.filter((r) => isUsableScore(r.score)).length;
  const means = finiteValues([...itemMeans(results).values()]);

  const passCounts = itemPassCounts(results);
  let passes = 0;
  let judged = 0;
  for (const c of passCounts.values()) {
    passes += c.passes;
    judged += c.judged;
  }

  const maxJudged = Math.max(0, ...[...passCounts.values()].map((c) => c.judged));
  const repetitions = options.repetitions ?? maxJudged;
  const passAtK: PassAtK[] = [];
  for (let k = 1; k <= repetitions; k++) {
    const estimates = [...passCounts.values()]
      .filter((c) => c.judged >= k)
      .map((c) => passAtKEstimate(c.judged, c.passes, k));
    passAtK.push({ k, value: mean(estimates), nItems: estimates.length });
  }

  return {
    nItems: means.length,
    nResults: results.length,
    nScored: scored,
    scorerErrors: results.length - scored,
    mean: mean(means),
    sd: sampleStandardDeviation(means),
    ci: meanConfidenceInterval(means, confidence),
    passRate: {
      passes,
      judged,
      rate: judged > 0 ? passes / judged : null,
      ci: wilsonInterval(passes, judged, confidence),
    },
    passAtK,
    confidence,
  };
}
