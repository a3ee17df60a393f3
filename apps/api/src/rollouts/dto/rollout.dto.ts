import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ROLLOUT_GUARDRAIL_ACTIONS,
  ROLLOUT_GUARDRAIL_METRICS,
  ROLLOUT_STATUSES,
  ROLLOUT_STICKY_KEYS,
  RolloutGuardrailAction,
  RolloutGuardrailMetric,
  RolloutStatus,
  RolloutStickyKey,
} from '@promptops/shared';

/** Most candidates one rollout may test against its baseline. */
export const MAX_ROLLOUT_CANDIDATES = 5;

export class RolloutCandidateDto {
  /** A published version of the prompt other than the deployed one. @example 2 */
  @IsInt()
  @Min(1)
  version!: number;

  /** Share of the traffic in percent, to two decimals (0.01 … 100). @example 10 */
  @IsNumber({ maxDecimalPlaces: 2 })
  weight!: number;
}

export class RolloutGuardrailsDto {
  /** What to compare with the baseline; default both. An empty list turns the guardrails off. */
  @ApiPropertyOptional({ enum: ROLLOUT_GUARDRAIL_METRICS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ROLLOUT_GUARDRAIL_METRICS, { each: true })
  metrics?: RolloutGuardrailMetric[];

  /** Runs each arm needs before it is tested; default 200. @example 200 */
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  minSamples?: number;

  /** One-sided significance level; default 0.05. @example 0.05 */
  @IsOptional()
  @IsNumber()
  @Min(0.0001)
  @Max(0.2)
  alpha?: number;

  /** What a significant regression does; default `pause`. */
  @ApiPropertyOptional({ enum: ROLLOUT_GUARDRAIL_ACTIONS })
  @IsOptional()
  @IsIn(ROLLOUT_GUARDRAIL_ACTIONS)
  action?: RolloutGuardrailAction;
}

export class StartRolloutDto {
  /** The versions to try and their shares; the deployed version (the baseline) gets the rest. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ROLLOUT_CANDIDATES)
  @ValidateNested({ each: true })
  @Type(() => RolloutCandidateDto)
  candidates!: RolloutCandidateDto[];

  /** What keeps a caller on one version: the request's `userId`, its `subjectKey`, or nothing (random); default `userId`. */
  @ApiPropertyOptional({ enum: ROLLOUT_STICKY_KEYS })
  @IsOptional()
  @IsIn(ROLLOUT_STICKY_KEYS)
  stickyKey?: RolloutStickyKey;

  /** Ramp: the candidate's share in percent at each step, rising, e.g. [1, 5, 25, 50, 100]; starts at the first (one candidate only). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsNumber({ maxDecimalPlaces: 2 }, { each: true })
  steps?: number[];

  /** Go to the next step after this many minutes while the guardrails see nothing wrong. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_080)
  autoAdvanceMinutes?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => RolloutGuardrailsDto)
  guardrails?: RolloutGuardrailsDto;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class UpdateRolloutDto {
  /** New shares for the same candidate versions. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ROLLOUT_CANDIDATES)
  @ValidateNested({ each: true })
  @Type(() => RolloutCandidateDto)
  candidates?: RolloutCandidateDto[];

  /** Go to the next ramp step. */
  @IsOptional()
  @IsBoolean()
  nextStep?: boolean;
}

export class RolloutActionDto {
  /** Why, for the audit log and the rollout's history. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class RolloutCandidateResponseDto {
  version!: number;

  /** Share of the traffic in percent. */
  weight!: number;

  /** `candidate`, or `candidate-2`… with several. */
  variant!: string;
}

export class RolloutGuardrailsResponseDto {
  @ApiProperty({ enum: ROLLOUT_GUARDRAIL_METRICS, isArray: true })
  metrics!: RolloutGuardrailMetric[];

  minSamples!: number;

  alpha!: number;

  @ApiProperty({ enum: ROLLOUT_GUARDRAIL_ACTIONS })
  action!: RolloutGuardrailAction;
}

export class RolloutResponseDto {
  id!: number;

  prompt!: string;

  environment!: string;

  /** The version deployed when the rollout started. */
  baselineVersion!: number;

  candidates!: RolloutCandidateResponseDto[];

  @ApiProperty({ enum: ROLLOUT_STICKY_KEYS })
  stickyKey!: RolloutStickyKey;

  steps!: number[] | null;

  /** Index into `steps`. */
  currentStep!: number | null;

  autoAdvanceMinutes!: number | null;

  /** When the current step (or weight, or resume) began: the guardrails look at runs since. */
  stepStartedAt!: Date;

  guardrails!: RolloutGuardrailsResponseDto;

  @ApiProperty({ enum: ROLLOUT_STATUSES })
  status!: RolloutStatus;

  reason!: string | null;

  startedBy!: string | null;

  endedBy!: string | null;

  startedAt!: Date;

  endedAt!: Date | null;

  updatedAt!: Date;
}

export class ActiveRolloutResponseDto {
  /** The running or paused rollout, or null. */
  @ApiPropertyOptional({ type: () => RolloutResponseDto, nullable: true })
  rollout!: RolloutResponseDto | null;
}

export class RolloutArmStatsDto {
  /** `baseline`, `candidate`, `candidate-2`… */
  variant!: string;

  version!: number;

  /** Current share in percent. */
  weight!: number;

  requests!: number;

  errors!: number;

  errorRate!: number | null;

  latencyP50Ms!: number | null;

  latencyP95Ms!: number | null;

  meanCostUsd!: number | null;

  /** Mean score of scored runs; null while runs carry no scores. */
  score!: number | null;
}

export class RolloutTestDto {
  /** One-sided p-value that the candidate is worse. */
  pValue!: number;

  significant!: boolean;

  baselineRate!: number | null;

  candidateRate!: number | null;

  /** Latency: the baseline's p95 both arms are counted against. */
  thresholdMs?: number | null;
}

export class RolloutComparisonDto {
  variant!: string;

  version!: number;

  /** Fisher's exact test on errors per run. */
  errorRate!: RolloutTestDto;

  /** Fisher's exact test on the share of successful runs slower than the baseline's p95. */
  p95Latency!: RolloutTestDto;

  /** Runs per arm needed to tell the observed error rates apart (power 0.8), if the candidate's is higher. */
  samplesNeeded!: number | null;
}

export class RolloutGuardrailStateDto {
  /** `off`: no metrics; `collecting`: an arm has fewer runs than minSamples; `healthy`; `tripped`. */
  @ApiProperty({ enum: ['off', 'collecting', 'healthy', 'tripped'] })
  state!: 'off' | 'collecting' | 'healthy' | 'tripped';

  /** Runs the guardrails look at: since the current step began. */
  since!: Date;

  minSamples!: number;

  alpha!: number;

  /** The arm with the fewest runs in the window, and how many. */
  smallestArm!: number;

  /** The tests on the window's runs, per candidate. */
  comparisons!: RolloutComparisonDto[];

  /** In words, e.g. "candidate worse on error rate, p = 0.003". */
  summary!: string;
}

export class RolloutSeriesPointDto {
  /** Start of the minute. */
  minute!: Date;

  variant!: string;

  requests!: number;

  errors!: number;
}

export class RolloutStatsResponseDto {
  rolloutId!: number;

  @ApiProperty({ enum: ROLLOUT_STATUSES })
  status!: RolloutStatus;

  /** Every run of the rollout, per arm. */
  arms!: RolloutArmStatsDto[];

  /** The tests over every run of the rollout, per candidate. */
  comparisons!: RolloutComparisonDto[];

  guardrail!: RolloutGuardrailStateDto;

  /** Requests and errors per minute and arm (the last 120 minutes). */
  series!: RolloutSeriesPointDto[];
}

export class RolloutStatsQueryDto {
  /** A past rollout of this deployment; default the active one. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  id?: number;
}

export class PromoteRolloutDto extends RolloutActionDto {
  /** The candidate to deploy; needed only when the rollout has several. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
