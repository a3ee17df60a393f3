import { AFTER_SUNSET_MODES, AfterSunset } from '@promptops/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** Deprecates a prompt or flow; sent again, it replaces the deprecation (its start date stays). */
export class DeprecatePromptDto {
  /** The prompt (or flow, for a flow) callers should move to; it must exist and be of the same type. @example welcome-email-v2 */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  successor?: string | null;

  /** After this instant (ISO 8601) the prompt is no longer served. @example 2027-01-31T00:00:00Z */
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  sunsetAt?: Date | null;

  /** Why, and what callers should do; shown in the console. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;

  /** After the sunset: answer 410 (`gone`, the default) or serve the successor (`serve_successor`). */
  @ApiPropertyOptional({ enum: AFTER_SUNSET_MODES, enumName: 'AfterSunset', default: 'gone' })
  @IsOptional()
  @IsIn(AFTER_SUNSET_MODES)
  afterSunset?: AfterSunset;

  /** A sunset in the past retires the prompt at once; refused unless this is true. */
  @IsOptional()
  @IsBoolean()
  allowPastSunset?: boolean;
}

/** A prompt's deprecation; `null` on a prompt that is not deprecated. */
export class PromptDeprecationDto {
  deprecatedAt!: Date;

  /** When it stops being served; null when no date is set. */
  sunsetAt!: Date | null;

  /** True once the sunset has passed: callers get 410 or the successor. */
  sunsetPassed!: boolean;

  successor!: string | null;

  note!: string | null;

  @ApiProperty({ enum: AFTER_SUNSET_MODES, enumName: 'AfterSunset' })
  afterSunset!: AfterSunset;
}
