/**
 * Is the candidate better than the baseline on one scorer, by how much, and is it real?
 *
 * Pairing: both variants answered the same dataset items, so each item is compared with itself.
 * Each variant's scores are averaged over the item's repetitions first (repetitions of an item are
 * not independent), and only items scored by both variants count. Differences are
 * candidate − baseline, rounded to 12 decimals so that float noise (0.8 − 0.7 vs 0.9 − 0.8) does
 * not break ties or zeros in the ranks; scipy on the rounded differences gives the same numbers.
 *
 * Verdict rules (default alpha 0.05, intervals at 1 − alpha so that an interval excludes 0
 * exactly when p < alpha):
 * - `insufficient_data`, reason `too_few_items`: fewer than 6 paired items. Below 6, even a
 *   perfectly consistent improvement cannot reach p < 0.05 with Wilcoxon (n = 5: p ≥ 2/32), and a
 *   t-test on 2–5 items rests entirely on the normality it cannot check.
 * - `insufficient_data`, reason `no_differences`: every paired item scored the same in both
 *   variants: no test applies and "no difference" would be claimed without any variation seen.
 * - otherwise the paired t-test decides: its p, its mean difference and its interval are the same
 *   numbers the sentence shows, so they never contradict each other, and a mean of item scores is
 *   what the lab reports. Wilcoxon (robust to outliers and skew) is reported beside it and
 *   `testsAgree` says whether it reaches the same conclusion; the console can flag a disagreement.
 *   When every item moved by exactly the same amount (sd = 0, the t statistic is infinite) the
 *   t-test does not apply and Wilcoxon decides.
 * - p < alpha → `better` or `worse` by the sign of the mean difference; else `no_significant_difference`.
 *
 * Pass/fail per item, for McNemar: an item passes for a variant when strictly more than half of
 * its judged repetitions pass (a 1-of-2 tie is not a pass: a coin flip is not a reliable pass).
 */
import { Interval, mean } from './descriptive';
import { mcnemarTest, McNemarTest, PassPair } from './mcnemar';
import { pairedTTest, PairedTTest } from './paired-t-test';
import { assertOpenUnitInterval, StatisticsOptionError } from './statistics.errors';
import { itemMeans, itemPassCounts, ScoredResult } from './summary';
import { wilcoxonSignedRank, WilcoxonSignedRank } from './wilcoxon';

/** Default significance level. */
export const DEFAULT_ALPHA = 0.05;
/** Fewest paired items for a verdict. */
export const DEFAULT_MIN_ITEMS = 6;

/** One variant's results on one scorer, with the name the sentence uses (e.g. "v2" or "gpt-4o"). */
export interface VariantResults {
  label: string;
  results: readonly ScoredResult[];
}

export interface CompareOptions {
  /** Significance level, 0.05 by default. */
  alpha?: number;
  /** Scorer name for the sentence ("on 'accuracy'"). */
  scorer?: string;
  /** Fewest paired items for a verdict (at least 2), 6 by default. */
  minItems?: number;
}

export type VerdictOutcome = 'better' | 'worse' | 'no_significant_difference' | 'insufficient_data';
export type InsufficientDataReason = 'too_few_items' | 'no_differences';

/** The lab's answer, structured (the console translates from these) and as an English sentence. */
export interface Verdict {
  /** Said of the candidate: `better` means the candidate beats the baseline. */
  outcome: VerdictOutcome;
  /** Why the data cannot decide; null unless `insufficient_data`. */
  reason: InsufficientDataReason | null;
  /** The test whose p decided; null for `insufficient_data`. */
  decidedBy: 'paired_t_test' | 'wilcoxon' | null;
  p: number | null;
  /** Mean item-level difference, candidate − baseline. */
  difference: number | null;
  /** Interval of the mean difference at 1 − alpha. */
  ci: Interval | null;
  /** Whether Wilcoxon reaches the same conclusion as the t-test at alpha; null when not both apply. */
  testsAgree: boolean | null;
  /** Paired items the verdict rests on, and how many it needs. */
  nItems: number;
  minItems: number;
  /** E.g. `v2 better than v1 on 'accuracy', p = 0.003, +0.12 [0.05, 0.19]`. */
  sentence: string;
}

export interface VariantComparison {
  baseline: string;
  candidate: string;
  scorer: string | null;
  alpha: number;
  /** Confidence level of every interval here, 1 − alpha. */
  confidence: number;
  /** Items scored by both variants. */
  nPairedItems: number;
  /** Items scored by only one of the two: left out of every test. */
  nUnpairedItems: number;
  /** Means over the paired items. */
  baselineMean: number | null;
  candidateMean: number | null;
  /** Null below two paired items. */
  tTest: PairedTTest | null;
  /** Null without paired items. */
  wilcoxon: WilcoxonSignedRank | null;
  /** On items judged pass/fail in both variants; null when there is none. */
  mcnemar: McNemarTest | null;
  verdict: Verdict;
}

/** Rounds float noise away: 0.8 − 0.7 and 0.9 − 0.8 both become 0.1 (and −1e-17 becomes 0, not −0). */
function roundDifference(d: number): number {
  return Math.round(d * 1e12) / 1e12 || 0;
}

/** Majority rule: strictly more than half of the judged repetitions pass. */
function itemPasses(counts: { passes: number; judged: number }): boolean {
  return counts.passes * 2 > counts.judged;
}

function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** Two decimals, without a "-0.00". */
function fixed2(value: number): string {
  const text = value.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

function formatDifference(difference: number, ci: Interval): string {
  const signed = fixed2(difference).startsWith('-') ? fixed2(difference) : `+${fixed2(difference)}`;
  return `${signed} [${fixed2(ci.lower)}, ${fixed2(ci.upper)}]`;
}

/** Compares the candidate with the baseline on one scorer, paired on dataset items. */
export function compareVariants(
  baseline: VariantResults,
  candidate: VariantResults,
  options: CompareOptions = {},
): VariantComparison {
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  assertOpenUnitInterval('alpha', alpha);
  const minItems = options.minItems ?? DEFAULT_MIN_ITEMS;
  if (!(Number.isInteger(minItems) && minItems >= 2)) {
    throw new StatisticsOptionError(`minItems must be an integer of at least 2, got ${minItems}`);
  }
  const confidence = 1 - alpha;
  const scorer = options.scorer ?? null;

  const baseMeans = itemMeans(baseline.results);
  const candMeans = itemMeans(candidate.results);
  const paired = [...baseMeans.keys()].filter((id) => candMeans.has(id)).sort();
  const unpaired = new Set([...baseMeans.keys(), ...candMeans.keys()]).size - paired.length;
  const differences = paired.map((id) =>
    roundDifference((candMeans.get(id) as number) - (baseMeans.get(id) as number)),
  );

  const basePasses = itemPassCounts(baseline.results);
  const candPasses = itemPassCounts(candidate.results);
  const passPairs: PassPair[] = [...basePasses.keys()]
    .filter((id) => candPasses.has(id))
    .sort()
    .map((id) => ({
      baseline: itemPasses(basePasses.get(id)!),
      candidate: itemPasses(candPasses.get(id)!),
    }));

  const tTest = pairedTTest(differences, confidence);
  const wilcoxon = wilcoxonSignedRank(differences);
  const verdict = decide({
    baseline: baseline.label,
    candidate: candidate.label,
    scorer,
    alpha,
    minItems,
    differences,
    tTest,
    wilcoxon,
  });

  return {
    baseline: baseline.label,
    candidate: candidate.label,
    scorer,
    alpha,
    confidence,
    nPairedItems: paired.length,
    nUnpairedItems: unpaired,
    baselineMean: mean(paired.map((id) => baseMeans.get(id) as number)),
    candidateMean: mean(paired.map((id) => candMeans.get(id) as number)),
    tTest,
    wilcoxon,
    mcnemar: mcnemarTest(passPairs, confidence),
    verdict,
  };
}

interface DecisionInput {
  baseline: string;
  candidate: string;
  scorer: string | null;
  alpha: number;
  minItems: number;
  differences: readonly number[];
  tTest: PairedTTest | null;
  wilcoxon: WilcoxonSignedRank | null;
}

function decide(input: DecisionInput): Verdict {
  const { baseline, candidate, alpha, minItems, differences, tTest, wilcoxon } = input;
  const on = input.scorer === null ? '' : ` on '${input.scorer}'`;
  const nItems = differences.length;
  const none = { decidedBy: null, p: null, difference: null, ci: null, testsAgree: null, nItems, minItems };

  if (nItems < minItems || tTest === null || wilcoxon === null) {
    return {
      ...none,
      outcome: 'insufficient_data',
      reason: 'too_few_items',
      sentence: `Not enough data to compare ${candidate} with ${baseline}${on}: ${nItems} item${nItems === 1 ? '' : 's'} scored by both, ${minItems} needed`,
    };
  }
  if (differences.every((d) => d === 0)) {
    return {
      ...none,
      outcome: 'insufficient_data',
      reason: 'no_differences',
      sentence: `Not enough data to compare ${candidate} with ${baseline}${on}: every one of the ${nItems} items scored the same in both`,
    };
  }

  const wilcoxonDirection = Math.sign(wilcoxon.rPlus - wilcoxon.rMinus);
  const difference = tTest.meanDifference;
  const significant = (p: number, direction: number) => (p < alpha ? direction : 0);
  const wilcoxonCall = significant(wilcoxon.p, wilcoxonDirection);
  const decidedBy = tTest.p === null ? 'wilcoxon' : 'paired_t_test';
  const p = tTest.p ?? wilcoxon.p;
  const call = significant(p, Math.sign(difference));
  const testsAgree = tTest.p === null ? null : call === wilcoxonCall;
  const numbers = formatDifference(difference, tTest.ci);

  if (call === 0) {
    return {
      ...none,
      outcome: 'no_significant_difference',
      reason: null,
      decidedBy,
      p,
      difference,
      ci: tTest.ci,
      testsAgree,
      sentence: `No significant difference between ${candidate} and ${baseline}${on}, ${formatP(p)}, ${numbers}`,
    };
  }
  const outcome = call > 0 ? 'better' : 'worse';
  return {
    ...none,
    outcome,
    reason: null,
    decidedBy,
    p,
    difference,
    ci: tTest.ci,
    testsAgree,
    sentence: `${candidate} ${outcome} than ${baseline}${on}, ${formatP(p)}, ${numbers}`,
  };
}
