import { ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PROMPT_NAME_PATTERN, PROMPT_NAME_RULE } from '@promptops/shared';
import { DatasetItemInputDto, MAX_ITEMS_PER_CHANGE } from './dataset-item-input.dto';

/** A new dataset; its version 1 holds `items` (none if omitted). */
export class CreateDatasetDto {
  /** Unique and URL-safe, as prompt names are. @example support-questions */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  /** JSON Schema (2020-12) every item's `input` must satisfy. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  inputSchema?: Record<string, unknown> | null;

  /** JSON Schema (2020-12) every item's `expected` must satisfy (items without one are not checked). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  expectedSchema?: Record<string, unknown> | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS_PER_CHANGE)
  @ValidateNested({ each: true })
  @Type(() => DatasetItemInputDto)
  items?: DatasetItemInputDto[];
}

/** Description and schemas; a schema set to null is removed. Items change through new versions. */
export class UpdateDatasetDto extends PartialType(
  PickType(CreateDatasetDto, ['description', 'inputSchema', 'expectedSchema'] as const),
) {}
