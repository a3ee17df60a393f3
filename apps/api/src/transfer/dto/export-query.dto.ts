import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { PROMPT_NAME_PATTERN, PROMPT_NAME_RULE } from '@promptops/shared';
import { BooleanQuery } from '../../common/dto/boolean-query';

export const EXPORT_INCLUDES = ['environments', 'providers', 'datasets'] as const;
export type ExportInclude = (typeof EXPORT_INCLUDES)[number];

const commaList = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      : value,
  );

export class ExportQueryDto {
  /** Comma-separated prompt (and flow) names; default: all. @example welcome-email,support-triage */
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @commaList()
  @IsString({ each: true })
  @Matches(PROMPT_NAME_PATTERN, { each: true, message: `each of prompts must be ${PROMPT_NAME_RULE}` })
  @ArrayMaxSize(1000)
  prompts?: string[];

  /** Only each prompt's latest version. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  latest?: boolean;

  /** Disabled prompts too (never when `prompts` names them: named ones are always exported). */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  includeDisabled?: boolean;

  /**
   * Comma list of `environments`, `providers`, `datasets`. Default: all three when no `prompts`
   * filter is given, none otherwise. @example environments,providers
   */
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @commaList()
  @IsIn(EXPORT_INCLUDES, { each: true, message: `include must list some of: ${EXPORT_INCLUDES.join(', ')}` })
  include?: ExportInclude[];
}
