import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCORER_KINDS, ScorerKind, ScorerSpec } from '@promptops/shared';
import { IsIn, IsNumber, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** One scorer of an experiment; `config` is checked by kind when the experiment is created. */
export class ScorerSpecDto implements ScorerSpec {
  /** Unique in the experiment; shown as the column of its scores. */
  @ApiProperty({ example: 'accuracy' })
  @IsString()
  @MaxLength(64)
  @Matches(/^\S(.*\S)?$/, { message: 'name must not start or end with spaces' })
  name!: string;

  @ApiProperty({ enum: SCORER_KINDS, enumName: 'ScorerKind' })
  @IsIn(SCORER_KINDS)
  kind!: ScorerKind;

  /**
   * Settings of the kind: `{trim, ignoreCase}` (exact_match), `{values, mode, ignoreCase}`
   * (contains), `{pattern, flags, negate}` (regex, RE2 syntax), `{schema}` (json_schema),
   * `{tolerance, relativeTolerance}` (numeric), `{trim, ignoreCase}` (levenshtein),
   * `{provider, model}` (embedding_similarity), `{prompt, version, provider, model, scale}` (llm_judge).
   */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { pattern: '^\\d+$' } })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;

  /** An output passes when its score (0..1) is at least this; each kind has a default. */
  @ApiPropertyOptional({ minimum: 0, maximum: 1, example: 0.8 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  threshold?: number;
}
