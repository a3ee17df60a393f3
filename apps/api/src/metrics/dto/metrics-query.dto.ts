import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { RUN_KINDS, RUN_SOURCES, RunKind, RunSource } from '@promptops/shared';

export const METRICS_RANGES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type MetricsRange = (typeof METRICS_RANGES)[number];

/** A time range: `range` up to now, or `from` and `to` (1 hour to 30 days apart). Default: the last 24 hours. */
export class MetricsRangeQueryDto {
  /** The last hour, 6 hours, day, week or 30 days; ignored when `from` and `to` are given. */
  @IsOptional()
  @ApiProperty({ enum: METRICS_RANGES, enumName: 'MetricsRange', required: false })
  @IsIn(METRICS_RANGES)
  range?: MetricsRange;

  /** Start of the range (ISO 8601), with `to`. @example 2026-12-01T00:00:00Z */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** End of the range (ISO 8601), with `from`. @example 2026-12-02T00:00:00Z */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  /** Only runs served from this environment. @example prod */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;
}

/** The dashboard's filters; every one given must match. */
export class MetricsOverviewQueryDto extends MetricsRangeQueryDto {
  /** Only runs of this prompt (or flow). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;

  /** Only calls of this model (exact id). @example gpt-4o-mini */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  /** Only calls through this provider (its name). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;

  /** Only runs from here. */
  @IsOptional()
  @ApiProperty({ enum: RUN_SOURCES, enumName: 'RunSource', required: false })
  @IsIn(RUN_SOURCES)
  source?: RunSource;

  /**
   * `model` (default): model calls, flow steps included, so cost is counted once. `flow`: flow
   * runs, one per execution, whose cost is that of their steps.
   */
  @IsOptional()
  @ApiProperty({ enum: RUN_KINDS, enumName: 'RunKind', required: false })
  @IsIn(RUN_KINDS)
  kind?: RunKind;
}
