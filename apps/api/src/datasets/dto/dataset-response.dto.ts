import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON_SCHEMA } from '../../common/openapi/any-json';

export class DatasetResponseDto {
  id!: number;

  name!: string;

  description!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  inputSchema!: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  expectedSchema!: Record<string, unknown> | null;

  /** The newest version. */
  latestVersion!: number;

  /** Items in the newest version. */
  itemCount!: number;

  /** Email of whoever created it. */
  createdBy!: string | null;

  createdAt!: Date;

  updatedAt!: Date;
}

export class DatasetListResponseDto {
  items!: DatasetResponseDto[];

  total!: number;

  page!: number;

  pageSize!: number;
}

export class DatasetVersionDto {
  version!: number;

  itemCount!: number;

  /** What made it, e.g. "Imported 1,200 items from CSV". */
  change!: string | null;

  /** Email of whoever made it. */
  createdBy!: string | null;

  createdAt!: Date;
}

export class DatasetVersionListResponseDto {
  items!: DatasetVersionDto[];

  total!: number;
}

export class DatasetItemDto {
  /** The row's id: one content of the item, never changed (experiments' results point at it). */
  id!: number;

  /** The item's stable key across versions. */
  itemKey!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  input!: Record<string, unknown>;

  @ApiPropertyOptional({ ...ANY_JSON_SCHEMA })
  expected!: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  metadata!: Record<string, unknown> | null;

  /** The run this item was made from, if any. */
  sourceRunId!: number | null;

  /** The version this content first appeared in. */
  addedIn!: number;
}

export class DatasetItemListResponseDto {
  /** The version listed. */
  version!: number;

  items!: DatasetItemDto[];

  total!: number;

  page!: number;

  pageSize!: number;
}

/** The outcome of a change: the new version. */
export class DatasetChangeResponseDto {
  version!: number;

  itemCount!: number;

  change!: string;

  /** Keys of the items added, in the order given. */
  addedKeys!: string[];
}

export class DatasetVariableDto {
  /** @example tone */
  name!: string;

  /** How many items of the version have it. */
  items!: number;
}

export class DatasetVariablesResponseDto {
  version!: number;

  itemCount!: number;

  /** Every input variable any item has, by name. */
  variables!: DatasetVariableDto[];
}
