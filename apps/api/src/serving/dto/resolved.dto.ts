import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { VERSION_KINDS, VERSION_STATUSES, VersionKind, VersionStatus } from '@promptops/shared';
import { FlowDefinitionDto } from '../../flows/dto/flow-definition.dto';
import { ChatMessageDto } from '../../prompts/dto/create-version.dto';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';

export class ResolvedQueryDto {
  /** Defaults to the API key's environment, else prod. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;
}

/** Everything a client needs to render a prompt itself, e.g. with its own Jinja2. */
export class ResolvedPromptDto {
  prompt!: string;

  environment!: string | null;

  version!: number;

  @ApiProperty({ enum: VERSION_STATUSES, enumName: 'VersionStatus' })
  status!: VersionStatus;

  @ApiProperty({ enum: VERSION_KINDS, enumName: 'VersionKind' })
  kind!: VersionKind;

  template!: string;

  messages!: ChatMessageDto[] | null;

  /** A flow version's steps and output; null for a prompt. */
  @ApiPropertyOptional({ type: () => FlowDefinitionDto, nullable: true })
  flow!: FlowDefinitionDto | null;

  variablesMeta!: VariableMetaDto[];

  modelConfig!: ModelConfigDto;
}
