import { ApiProperty } from '@nestjs/swagger';
import { RUN_KINDS, RunKind } from '@promptops/shared';

export class ErrorCodeCountDto {
  /** The run's error code ('' when it had none). @example PROVIDER_TIMEOUT */
  code!: string;

  count!: number;
}

/** Totals of a set of runs. Latency percentiles are read from 5 %-wide histogram bins (null without runs). */
export class MetricTotalsDto {
  requests!: number;

  errors!: number;

  /** errors / requests, 0..1 (0 without requests). */
  errorRate!: number;

  p50Ms!: number | null;

  p95Ms!: number | null;

  p99Ms!: number | null;

  tokensIn!: number;

  tokensOut!: number;

  /** US dollars. */
  costUsd!: number;

  /** Errors by code, most frequent first. */
  errorsByCode!: ErrorCodeCountDto[];
}

/** One step of a time series. */
export class MetricPointDto {
  /** Start of the step (ISO 8601). */
  t!: string;

  requests!: number;

  errors!: number;

  errorsByCode!: ErrorCodeCountDto[];

  p50Ms!: number | null;

  p95Ms!: number | null;

  p99Ms!: number | null;

  costUsd!: number;
}

export class DailyCostDto {
  /** UTC day. @example 2026-12-01 */
  day!: string;

  costUsd!: number;
}

export class TopPromptDto {
  prompt!: string;

  requests!: number;

  errors!: number;

  errorRate!: number;

  costUsd!: number;
}

/** What was read: the range as aligned to the buckets, their size and the series' step. */
export class MetricsWindowDto {
  from!: string;

  to!: string;

  @ApiProperty({ enum: ['minute', 'hour'] })
  granularity!: 'minute' | 'hour';

  stepSeconds!: number;

  /** Runs are rolled up to here (ISO 8601); later ones are not counted yet. Null before the first rollup. */
  rolledUpUntil!: string | null;
}

export class MetricsOverviewResponseDto extends MetricsWindowDto {
  @ApiProperty({ enum: RUN_KINDS, enumName: 'RunKind' })
  kind!: RunKind;

  totals!: MetricTotalsDto;

  series!: MetricPointDto[];

  costPerDay!: DailyCostDto[];

  /** Ten prompts that cost the most. */
  topByCost!: TopPromptDto[];

  /** Ten prompts with the most errors (only those with errors). */
  topByErrors!: TopPromptDto[];
}

export class VersionMetricsDto extends MetricTotalsDto {
  /** 0 for runs of no saved version (e.g. a playground draft). */
  version!: number;
}

export class VersionMetricPointDto {
  t!: string;

  version!: number;

  requests!: number;

  errors!: number;

  p50Ms!: number | null;

  p95Ms!: number | null;

  p99Ms!: number | null;
}

export class PromptMetricsResponseDto extends MetricsWindowDto {
  prompt!: string;

  totals!: MetricTotalsDto;

  /** Per version, newest first. */
  versions!: VersionMetricsDto[];

  /** One point per version per step. */
  series!: VersionMetricPointDto[];
}

/** Values seen in a range, for the dashboard's filters. */
export class MetricDimensionsResponseDto {
  prompts!: string[];

  environments!: string[];

  models!: string[];

  providers!: string[];
}

export class RollupPassResponseDto {
  from!: string;

  to!: string;

  minuteRows!: number;

  hourRows!: number;

  tookMs!: number;
}
