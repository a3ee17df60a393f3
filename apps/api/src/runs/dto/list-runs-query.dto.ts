import { IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { BooleanQuery } from '../../common/dto/boolean-query';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { WholeNumber } from '../../common/dto/whole-number';
import { RUN_SOURCES, RunSource } from '@promptops/shared';
import { RUN_STATUSES, RunStatus } from '../run.entity';

/** Which runs: every filter given must match. The list, its totals and the CSV export take the same. */
export class RunFilterQueryDto {
  /** Only runs of this prompt. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;

  /** Only runs from here: playground, api, webhook, flow, eval or experiment (variant runs and judges). */
  @IsOptional()
  @IsIn(RUN_SOURCES)
  source?: RunSource;

  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;

  /** Runs started at or after this instant (ISO 8601). @example 2026-12-01T00:00:00Z */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Runs started at or before this instant (ISO 8601). @example 2026-12-01T23:59:59.999Z */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  /** Only runs of this model (exact id). @example gpt-4o-mini */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  /** Only runs served from this environment (run API and webhooks). @example prod */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /** Only runs made with this API key (its `id` from `GET /api/v1/api-keys`). */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  apiKeyId?: number;

  /**
   * Text anywhere in the prompt name, provider, model, rendered input, output or error message
   * (case-insensitive). @example refund
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  /**
   * Only the step runs of this flow run. The list is then in the order the steps started
   * (oldest first), as a flow's timeline reads; every other list is newest first.
   */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  parentRunId?: number;

  /**
   * Leave out the step runs of flows (they are shown under their flow run), unless `prompt`
   * is given: asking for a prompt's runs finds the calls it made as a flow's step too.
   * Totals still count those step runs (they are the model calls made). Default false.
   */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  topLevel?: boolean;
}

export class ListRunsQueryDto extends IntersectionType(PageQueryDto, RunFilterQueryDto) {}
