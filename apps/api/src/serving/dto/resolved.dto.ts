import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PROMPT_KINDS, PromptKind, VERSION_STATUSES, VersionStatus } from '@promptops/shared';
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

  @ApiProperty({ enum: PROMPT_KINDS, enumName: 'PromptKind' })
  kind!: PromptKind;

  template!: string;

  messages!: ChatMessageDto[] | null;

  variablesMeta!: VariableMetaDto[];

  modelConfig!: ModelConfigDto;
}
