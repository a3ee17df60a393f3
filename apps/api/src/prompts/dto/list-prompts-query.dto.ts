import {
  PROMPT_SORT_FIELDS,
  PROMPT_TYPES,
  PromptSortField,
  PromptType,
  SORT_ORDERS,
  SortOrder,
} from '@promptops/shared';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { BooleanQuery } from '../../common/dto/boolean-query';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class PromptFolderQueryDto {
  /** Only enabled (true) or disabled (false) prompts; both when absent. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  enabled?: boolean;
}

export class ListPromptsQueryDto extends PageQueryDto {
  /** Text in the name, display name, folder, a tag or the description (case-insensitive). @example billing */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  /**
   * Prompts in this folder or any folder below it: `support` also lists `support/billing`.
   * Compared as the database compares text (MySQL's collation ignores case).
   * @example support/billing
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  folder?: string;

  /** Prompts that carry this exact tag (case-sensitive, whole tag). @example onboarding */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tag?: string;

  /** Only enabled (true) or disabled (false) prompts; both when absent. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  enabled?: boolean;

  /** Only prompts (`prompt`) or only flows (`flow`); both when absent. */
  @ApiPropertyOptional({ enum: PROMPT_TYPES, enumName: 'PromptType' })
  @IsOptional()
  @IsIn(PROMPT_TYPES)
  type?: PromptType;

  /** Only deprecated (true) or only not deprecated (false) prompts; both when absent. */
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  deprecated?: boolean;

  @ApiPropertyOptional({ enum: PROMPT_SORT_FIELDS, enumName: 'PromptSortField', default: 'updatedAt' })
  @IsOptional()
  @IsIn(PROMPT_SORT_FIELDS)
  sort?: PromptSortField;

  /** `desc` by default for dates, `asc` for text columns. */
  @ApiPropertyOptional({ enum: SORT_ORDERS, enumName: 'SortOrder' })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;
}
