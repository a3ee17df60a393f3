import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ANY_JSON_SCHEMA } from '../../common/openapi/any-json';

/** Items one change may add, update or remove, each list on its own. */
export const MAX_ITEMS_PER_CHANGE = 1000;

/** One test case: the variables a prompt is rendered with and, optionally, what a good answer is. */
export class DatasetItemInputDto {
  /** The variables, by name. @example {"question":"How do I reset my password?","tone":"friendly"} */
  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  input!: Record<string, unknown>;

  /** What a good answer is: text or any JSON; omit (or null) when there is none. */
  @ApiPropertyOptional({ ...ANY_JSON_SCHEMA })
  @IsOptional()
  expected?: unknown;

  /** Free-form labels, e.g. `{"source":"support tickets","difficulty":"hard"}`. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;
}

/** A new content for the item with this key; the old row stays in the versions that had it. */
export class DatasetItemUpdateDto extends DatasetItemInputDto {
  /** The item's stable key, as listed with the items. */
  @IsString()
  @Length(1, 36)
  itemKey!: string;
}

/** One batch of changes, made as exactly one new version. */
export class ChangeDatasetItemsDto {
  /** Items to add. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS_PER_CHANGE)
  @ValidateNested({ each: true })
  @Type(() => DatasetItemInputDto)
  add?: DatasetItemInputDto[];

  /** Items to replace, by key. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS_PER_CHANGE)
  @ValidateNested({ each: true })
  @Type(() => DatasetItemUpdateDto)
  update?: DatasetItemUpdateDto[];

  /** Keys of items to remove. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS_PER_CHANGE)
  @IsString({ each: true })
  @Length(1, 36, { each: true })
  remove?: string[];

  /** What the new version is for; a summary such as "Added 2, updated 1 items" when omitted. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  change?: string;
}

/** A run from the run log as a new item: its variables as input, its output as expected. */
export class AddItemFromRunDto {
  @IsInt()
  @Min(1)
  runId!: number;

  /** What a good answer is, when it is not the run's output (null: no expected answer). */
  @ApiPropertyOptional({ ...ANY_JSON_SCHEMA })
  @IsOptional()
  expected?: unknown;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown> | null;
}

/** A single item change's body (the single-item routes), with an optional note. */
export class SingleItemDto extends DatasetItemInputDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  change?: string;
}
