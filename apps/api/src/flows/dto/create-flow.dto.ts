import { IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PROMPT_NAME_PATTERN, PROMPT_NAME_RULE, VersionStatus } from '@promptops/shared';
import { PromptMetadataDto } from '../../prompts/dto/prompt-metadata.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';
import { FlowDefinitionDto } from './flow-definition.dto';

/** A new flow version: its inputs and definition. */
export class CreateFlowVersionDto {
  /** The flow's inputs, typed like a prompt's variables; when left out, the latest version's carry over. */
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  inputs?: VariableMetaDto[];

  @ValidateNested()
  @Type(() => FlowDefinitionDto)
  definition!: FlowDefinitionDto;

  /** What changed and why. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;

  /** Publish at once instead of saving a draft. */
  @IsOptional()
  @IsIn([VersionStatus.DRAFT, VersionStatus.PUBLISHED])
  status?: typeof VersionStatus.DRAFT | typeof VersionStatus.PUBLISHED;
}

class FlowNameDto {
  /** Unique among prompts and flows, URL-safe. @example answer-with-facts */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;
}

/** A new flow and its version 1. */
export class CreateFlowDto extends IntersectionType(FlowNameDto, PromptMetadataDto, CreateFlowVersionDto) {}

/** A definition to check without saving it (the editor's live validation). */
export class ValidateFlowDto {
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  inputs?: VariableMetaDto[];

  @ValidateNested()
  @Type(() => FlowDefinitionDto)
  definition!: FlowDefinitionDto;
}
