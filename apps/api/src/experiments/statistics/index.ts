/**
 * # Experiment statistics (issue 14)
 *
 * Pure TypeScript, no Nest, no I/O: the experiments service passes results in and stores or
 * returns what comes out. Every number in an answer is finite or null, so answers serialise to
 * JSON as they are. Scores are in [0, 1] and higher is better.
 *
 * ## Summarise one variant on one scorer
 * ```ts
 * const summary = summarizeVariant(results, { repetitions: 5 });
 * // { nItems, nResults, nScored, scorerErrors, mean, sd, ci: {lower, upper},
 * //   passRate: {passes, judged, rate, ci}, passAtK: [{k: 1, value, nItems}, …], confidence }
 * ```
 * `results` are that variant's `{ itemId, repetition, score, pass }` for one scorer, one per
 * (item, repetition). A null (or NaN) score is a scorer error: counted in `scorerErrors`, never
 * as 0. The mean, sd and t-interval are over item means (repetitions of an item are averaged
 * first because they are not independent); the pass rate and its Wilson interval are over all
 * judged results; pass@k is Chen et al.'s unbiased estimator per item, averaged over items.
 *
 * ## Compare two variants on one scorer
 * ```ts
 * const cmp = compareVariants({ label: 'v1', results: v1 }, { label: 'v2', results: v2 }, { scorer: 'accuracy' });
 * cmp.verdict.outcome;  // 'better' | 'worse' | 'no_significant_difference' | 'insufficient_data'
 * cmp.verdict.sentence; // "v2 better than v1 on 'accuracy', p = 0.003, +0.12 [0.05, 0.19]"
 * ```
 * Paired on items: a paired t-test (which decides the verdict), Wilcoxon's signed-rank test
 * (scipy's defaults), McNemar on per-item majority pass/fail, effect sizes (Cohen's d_z,
 * rank-biserial) and the difference in pass rates. The rules (6 paired items at least, alpha
 * 0.05, which test decides) are documented in `paired.ts`.
 *
 * ## Costs and latencies
 * `describeNumbers(values)` gives n, mean, p50, p95 (numpy's default interpolation), min, max.
 *
 * Distributions come from stdlib (`distributions.ts`). Every reference value in the spec files
 * was computed with scipy 1.17 by `reference/reference-values.py`.
 */
export { describeNumbers, quantile } from './descriptive';
export type { Interval, NumberSummary } from './descriptive';
export { compareVariants, DEFAULT_ALPHA, DEFAULT_MIN_ITEMS } from './paired';
export type {
  CompareOptions,
  InsufficientDataReason,
  VariantComparison,
  VariantResults,
  Verdict,
  VerdictOutcome,
} from './paired';
export type { McNemarTest } from './mcnemar';
export type { PairedTTest } from './paired-t-test';
export { StatisticsOptionError } from './statistics.errors';
export { summarizeVariant } from './summary';
export type { PassAtK, PassRate, ScoredResult, SummaryOptions, VariantSummary } from './summary';
export type { WilcoxonMethod, WilcoxonSignedRank } from './wilcoxon';
export { fisherExactGreater, samplesToDetect, tailExceedanceTest } from './rollout-tests';
export type { ProportionTest, TailTest } from './rollout-tests';
