import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE } from '@promptops/shared';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { WholeNumber } from '../../common/dto/whole-number';
import { DATASET_FILE_FORMATS, DatasetFileFormat } from '../dataset-files';

export class ListDatasetsQueryDto extends PageQueryDto {
  /** Text in the name or description (case-insensitive). @example support */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class DatasetVersionQueryDto {
  /** A version number; the latest when omitted. */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  version?: number;
}

export class DatasetItemsQueryDto extends PageQueryDto {
  /** A version number; the latest when omitted. */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  version?: number;
}

export const IMPORT_MODES = ['append', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export class ImportDatasetQueryDto {
  @ApiPropertyOptional({ enum: DATASET_FILE_FORMATS, enumName: 'DatasetFileFormat', default: 'csv' })
  @IsOptional()
  @IsIn(DATASET_FILE_FORMATS)
  format: DatasetFileFormat = 'csv';

  /** `append` adds the file's items; `replace` makes them the only items of the new version. */
  @ApiPropertyOptional({ enum: IMPORT_MODES, enumName: 'DatasetImportMode', default: 'append' })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode: ImportMode = 'append';

  /** Create the dataset from the file (its version 1) when none has this name yet. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  create?: boolean;
}

export class ExportDatasetQueryDto extends DatasetVersionQueryDto {
  @ApiPropertyOptional({ enum: DATASET_FILE_FORMATS, enumName: 'DatasetFileFormat', default: 'csv' })
  @IsOptional()
  @IsIn(DATASET_FILE_FORMATS)
  format: DatasetFileFormat = 'csv';
}
