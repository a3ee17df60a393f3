import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_TEMPLATE_LENGTH } from '../../prompts/prompts.constants';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';

export class RenderPromptDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { topic: 'autumn' } })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  /** A specific version; the latest when absent. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class RenderResponseDto {
  /** The rendered prompt. */
  text!: string;

  prompt!: string;

  /** The version that was rendered. */
  version!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  variables!: Record<string, unknown>;

  modelConfig!: ModelConfigDto;
}

export class RenderTemplateDto {
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  variables?: Record<string, unknown>;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  variablesMeta?: VariableMetaDto[];
}

export class RenderTemplateResponseDto {
  text!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  variables!: Record<string, unknown>;
}

export class TemplateVariablesDto {
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template!: string;

  /** Existing declarations to keep; new variables are added to them. */
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  variablesMeta?: VariableMetaDto[];
}

export class DiscoveredVariableDto {
  name!: string;

  @ApiPropertyOptional({ enum: ['text', 'list', 'object', 'boolean'] })
  kind!: 'text' | 'list' | 'object' | 'boolean';

  /** Attribute paths the template reads, e.g. `user.name`, `examples[].input`. */
  paths!: string[];

  /** False when every use is guarded by `is defined` or `default`. */
  required!: boolean;
}

export class TemplateVariablesResponseDto {
  variables!: DiscoveredVariableDto[];

  /** The given declarations plus one for each newly discovered variable. */
  variablesMeta!: VariableMetaDto[];
}
