import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHAT_ROLES, ChatRole, PROMPT_KINDS, PromptKind, VersionStatus } from '@promptops/shared';
import { MAX_TEMPLATE_LENGTH } from '../prompts.constants';
import { ModelConfigDto } from './model-config.dto';
import { BuilderSpecDto } from './builder-spec.dto';
import { VariableMetaDto } from './variable-meta.dto';

export class ChatMessageDto {
  @IsIn(CHAT_ROLES, { message: `role must be one of: ${CHAT_ROLES.join(', ')}` })
  role!: ChatRole;

  /** Jinja2 template of this message. @example You are a helpful assistant for {{ product }}. */
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template!: string;
}

export class CreateVersionDto {
  /** `text` (default): one template. `chat`: a list of role messages, each a template. */
  @ApiPropertyOptional({ enum: PROMPT_KINDS, enumName: 'PromptKind' })
  @IsOptional()
  @IsIn(PROMPT_KINDS)
  kind?: PromptKind;

  /**
   * Builder mode: the version's template (or chat messages) and variable declarations are
   * compiled from this spec on the server; a `template`, `messages` or `variablesMeta` sent
   * beside it are ignored (the server's compile wins).
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => BuilderSpecDto)
  builderSpec?: BuilderSpecDto;

  /** Jinja2 template of a text version. @example Write a short poem about {{ topic }}. */
  @ValidateIf((o: CreateVersionDto) => (o.kind !== 'chat' && !o.builderSpec) || o.template !== undefined)
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template?: string;

  /** Messages of a chat version. */
  @ValidateIf((o: CreateVersionDto) => (o.kind === 'chat' && !o.builderSpec) || o.messages !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages?: ChatMessageDto[];

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
