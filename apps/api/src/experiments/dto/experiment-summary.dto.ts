import { ApiProperty } from '@nestjs/swagger';

export const VERDICTS = ['better', 'worse', 'no_significant_difference', 'insufficient_data'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One scorer's numbers for one variant. Statistics are over items (repetitions averaged first). */
export class ScorerSummaryDto {
  scorer!: string;

  /** Items with at least one score. */
  items!: number;

  /** Scores computed (items × repetitions, minus errors). */
  scored!: number;

  /** Scores the scorer could not compute (its own failure), counted apart. */
  scorerErrors!: number;

  mean!: number | null;

  sd!: number | null;

  /** 95 % confidence interval of the mean (t distribution over items). */
  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2 })
  ci95!: [number, number] | null;

  passRate!: number | null;

  /** Wilson 95 % interval of the pass rate. */
  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2 })
  passRateCi95!: [number, number] | null;

  /** pass@k for k = 1…repetitions: the chance that at least one of k tries passes. */
  passAtK!: number[];
}

export class VariantSummaryDto {
  index!: number;

  label!: string;

  results!: number;

  /** Model calls that failed. */
  failed!: number;

  promptTokens!: number;

  completionTokens!: number;

  /** Model calls plus judges (USD). */
  costUsd!: number;

  latencyP50Ms!: number | null;

  latencyP95Ms!: number | null;

  scorers!: ScorerSummaryDto[];
}

export class TTestDto {
  t!: number | null;

  df!: number;

  pValue!: number | null;
}

export class WilcoxonDto {
  statistic!: number | null;

  pValue!: number | null;

  /** `exact` or `normal` (with tie correction). */
  method!: string;

  /** Matched-pairs rank-biserial correlation (−1…1). */
  effectSize!: number | null;
}

export class McNemarDto {
  /** Items passing on the baseline only. */
  b!: number;

  /** Items passing on the candidate only. */
  c!: number;

  pValue!: number | null;

  /** `exact` (binomial) or `chi2` (with continuity correction). */
  method!: string;

  /** Candidate pass rate minus baseline pass rate. */
  difference!: number | null;

  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2 })
  differenceCi95!: [number, number] | null;
}

/** Candidate vs baseline on one scorer, paired on items. */
export class ComparisonDto {
  baseline!: number;

  candidate!: number;

  scorer!: string;

  /** Items scored on both variants. */
  pairs!: number;

  /** Mean of candidate − baseline item scores. */
  meanDifference!: number | null;

  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2 })
  ci95!: [number, number] | null;

  /** Cohen's d_z of the paired differences. */
  effectSize!: number | null;

  @ApiProperty({ type: [Number], nullable: true, minItems: 2, maxItems: 2 })
  effectSizeCi95!: [number, number] | null;

  tTest!: TTestDto;

  wilcoxon!: WilcoxonDto;

  mcnemar!: McNemarDto;

  @ApiProperty({ enum: VERDICTS })
  verdict!: Verdict;

  /** The p-value the verdict rests on (the paired t-test's; Wilcoxon's when the t-test does not apply). */
  pValue!: number | null;

  /** `paired_t_test` or `wilcoxon`; null without a verdict. */
  decidedBy!: string | null;

  /** Why the data cannot decide: `too_few_items` (fewer than `minItems` paired items) or `no_differences`. */
  reason!: string | null;

  /** Paired items a verdict needs. */
  minItems!: number;

  /** Whether Wilcoxon reaches the same conclusion as the t-test; null when not both apply. */
  testsAgree!: boolean | null;

  /** Plain English, e.g. "v2 better on 'accuracy', p = 0.003, +0.12 [0.05, 0.19]". */
  verdictText!: string;
}

export class GateCheckDto {
  /** @example mean ≥ 0.8 */
  condition!: string;

  passed!: boolean;

  /** @example mean 0.84 */
  actual!: string;
}

export class GateResultDto {
  passed!: boolean;

  scorer!: string;

  candidate!: number;

  checks!: GateCheckDto[];
}

export class ExperimentSummaryResponseDto {
  experimentId!: number;

  variants!: VariantSummaryDto[];

  /** Each variant after the first against the first (the baseline), per scorer. */
  comparisons!: ComparisonDto[];

  /** The CI gate's verdict, once the experiment has completed (null without a gate). */
  gate!: GateResultDto | null;
}
