import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { VersionStatus } from '@promptops/shared';
import { MAX_TEMPLATE_LENGTH } from '../prompts.constants';
import { ModelConfigDto } from './model-config.dto';
import { VariableMetaDto } from './variable-meta.dto';

export class CreateVersionDto {
  /** Jinja2 template. @example Write a short poem about {{ topic }}. */
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template!: string;

  /** Variable declarations; when left out, a new version keeps those of the latest version. */
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  variablesMeta?: VariableMetaDto[];

  /** Model and parameters; when left out, a new version keeps those of the latest version. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ModelConfigDto)
  modelConfig?: ModelConfigDto;

  /** What changed and why. @example Shorter intro */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;

  /** Publish at once instead of saving a draft. */
  @IsOptional()
  @IsIn([VersionStatus.DRAFT, VersionStatus.PUBLISHED])
  status?: typeof VersionStatus.DRAFT | typeof VersionStatus.PUBLISHED;
}
