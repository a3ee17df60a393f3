import { compareVariants, describeNumbers, Interval, ScoredResult, summarizeVariant } from './statistics';
import { ComparisonDto, ScorerSummaryDto, VariantSummaryDto } from './dto/experiment-summary.dto';
import { ExperimentResult } from './experiment-result.entity';
import { Experiment } from './experiment.entity';

/** The columns of a result the statistics read. */
export type ResultFacts = Pick<
  ExperimentResult,
  | 'itemId'
  | 'variantIndex'
  | 'repetition'
  | 'status'
  | 'scores'
  | 'costUsd'
  | 'scoringCostUsd'
  | 'latencyMs'
  | 'promptTokens'
  | 'completionTokens'
>;

const pair = (interval: Interval | null): [number, number] | null =>
  interval ? [interval.lower, interval.upper] : null;

/**
 * One variant's results on one scorer, as the statistics take them. A failed model call has no
 * score: it counts as a score of 0 that did not pass — the variant failed that case — whereas a
 * scorer's own error is left out (it says nothing about the variant).
 */
export function scoredResults(results: ResultFacts[], variant: number, scorer: string): ScoredResult[] {
  const scored: ScoredResult[] = [];
  for (const result of results) {
    if (result.variantIndex !== variant) continue;
    if (result.status === 'error') {
      scored.push({ itemId: String(result.itemId), repetition: result.repetition, score: 0, pass: false });
      continue;
    }
    const score = result.scores[scorer];
    scored.push({
      itemId: String(result.itemId),
      repetition: result.repetition,
      score: score && score.error === null ? score.score : null,
      pass: score && score.error === null ? score.pass : null,
    });
  }
  return scored;
}

export function summarizeVariants(experiment: Experiment, results: ResultFacts[]): VariantSummaryDto[] {
  return experiment.variants.map((variant, index) => {
    const own = results.filter((r) => r.variantIndex === index);
    const latency = describeNumbers(own.map((r) => r.latencyMs));
    const scorers: ScorerSummaryDto[] = experiment.scorers.map((scorer) => {
      const summary = summarizeVariant(scoredResults(own, index, scorer.name), {
        repetitions: experiment.repetitions,
      });
      return {
        scorer: scorer.name,
        items: summary.nItems,
        scored: summary.nScored,
        scorerErrors: summary.scorerErrors,
        mean: summary.mean,
        sd: summary.sd,
        ci95: pair(summary.ci),
        passRate: summary.passRate.rate,
        passRateCi95: pair(summary.passRate.ci),
        passAtK: summary.passAtK.map((p) => p.value ?? 0),
      };
    });
    return {
      index,
      label: variant.label,
      results: own.length,
      failed: own.filter((r) => r.status === 'error').length,
      promptTokens: own.reduce((sum, r) => sum + (r.promptTokens ?? 0), 0),
      completionTokens: own.reduce((sum, r) => sum + (r.completionTokens ?? 0), 0),
      costUsd: Number(own.reduce((sum, r) => sum + (r.costUsd ?? 0) + (r.scoringCostUsd ?? 0), 0).toFixed(10)),
      latencyP50Ms: latency.p50,
      latencyP95Ms: latency.p95,
      scorers,
    };
  });
}

/** Every variant after the first against the first, on each scorer. */
export function compareWithBaseline(experiment: Experiment, results: ResultFacts[]): ComparisonDto[] {
  const comparisons: ComparisonDto[] = [];
  const baseline = experiment.variants[0];
  for (let candidate = 1; candidate < experiment.variants.length; candidate++) {
    for (const scorer of experiment.scorers) {
      comparisons.push(compareOn(experiment, results, 0, candidate, scorer.name, baseline.label));
    }
  }
  return comparisons;
}

export function compareOn(
  experiment: Experiment,
  results: ResultFacts[],
  baseline: number,
  candidate: number,
  scorer: string,
  baselineLabel = experiment.variants[baseline].label,
): ComparisonDto {
  const c = compareVariants(
    { label: baselineLabel, results: scoredResults(results, baseline, scorer) },
    { label: experiment.variants[candidate].label, results: scoredResults(results, candidate, scorer) },
    { scorer },
  );
  return {
    baseline,
    candidate,
    scorer,
    pairs: c.nPairedItems,
    meanDifference: c.tTest?.meanDifference ?? c.verdict.difference,
    ci95: pair(c.tTest?.ci ?? c.verdict.ci),
    effectSize: c.tTest?.cohensDz ?? null,
    effectSizeCi95: pair(c.tTest?.cohensDzCi ?? null),
    tTest: { t: c.tTest?.t ?? null, df: c.tTest?.df ?? 0, pValue: c.tTest?.p ?? null },
    wilcoxon: {
      statistic: c.wilcoxon?.statistic ?? null,
      pValue: c.wilcoxon?.p ?? null,
      method: c.wilcoxon?.method ?? 'none',
      effectSize: c.wilcoxon?.rankBiserial ?? null,
    },
    mcnemar: {
      b: c.mcnemar?.baselineOnly ?? 0,
      c: c.mcnemar?.candidateOnly ?? 0,
      pValue: c.mcnemar?.p ?? null,
      method: c.mcnemar?.method ?? 'none',
      difference: c.mcnemar?.difference ?? null,
      differenceCi95: pair(c.mcnemar?.ci ?? null),
    },
    verdict: c.verdict.outcome,
    pValue: c.verdict.p,
    decidedBy: c.verdict.decidedBy,
    reason: c.verdict.reason,
    minItems: c.verdict.minItems,
    testsAgree: c.verdict.testsAgree,
    verdictText: c.verdict.sentence,
  };
}
