import { RawJson } from '../../common/dto/raw-json.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHAT_ROLES, ChatRole } from '@promptops/shared';
import { ChatMessageDto } from '../../prompts/dto/create-version.dto';
import { MAX_TEMPLATE_LENGTH } from '../../prompts/prompts.constants';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';
import { BuilderSpecDto } from '../../prompts/dto/builder-spec.dto';
import type { LintCode, LintSeverity } from '@promptops/templating';

export class RenderPromptDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { topic: 'autumn' } })
  @IsOptional()
  @IsObject()
  @RawJson()
  variables?: Record<string, unknown>;

  /** A specific version (API keys: published versions only). */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Render what this environment serves. API keys default to their own environment, else prod; the console defaults to the latest version. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /** Your end user (external id or email); a user in debug mode gets the newest draft. Also `X-PromptOps-User`. */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  userId?: string;

  /** What keeps this caller on one arm of a rollout when it is not your end user (an account, a session). */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  subjectKey?: string;
}

export class RenderedMessageDto {
  @ApiProperty({ enum: CHAT_ROLES })
  role!: ChatRole;

  content!: string;
}

export class RenderResponseDto {
  /** The rendered prompt (for a chat version, its messages in promptflow form). */
  text!: string;

  /** Rendered role messages: a chat version's, or a text template's `# system:` / `# user:` sections; otherwise null. */
  messages!: RenderedMessageDto[] | null;

  prompt!: string;

  /** The version that was rendered. */
  version!: number;

  /** The environment whose deployment was rendered, if any. */
  environment!: string | null;

  /** How the version was chosen. */
  /** `debug`: the caller named a user in debug mode, who gets the newest draft. */
  @ApiProperty({ enum: ['environment', 'version', 'latest', 'debug'] })
  resolvedBy!: 'environment' | 'version' | 'latest' | 'debug';

  /** The rollout arm that was served (`baseline`, `candidate`, `candidate-2`…); null outside a rollout. */
  @ApiProperty({ type: String, nullable: true })
  rolloutVariant!: string | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  variables!: Record<string, unknown>;

  modelConfig!: ModelConfigDto;
}

export class RenderTemplateDto {
  /** A text template; give this or `messages`. */
  @ValidateIf((o: RenderTemplateDto) => o.messages === undefined)
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template?: string;

  /** Chat messages; give this or `template`. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages?: ChatMessageDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @RawJson()
  variables?: Record<string, unknown>;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  variablesMeta?: VariableMetaDto[];
}

export class RenderTemplateResponseDto {
  text!: string;

  messages!: RenderedMessageDto[] | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  variables!: Record<string, unknown>;
}

export class TemplateVariablesDto {
  /** A text template; give this, `messages` or `builderSpec`. */
  @ValidateIf((o: TemplateVariablesDto) => o.messages === undefined && o.builderSpec === undefined)
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template?: string;

  /** Chat messages; give this or `template`. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages?: ChatMessageDto[];

  /**
   * A builder spec: its fields' variables are discovered and the spec is linted (its own
   * `variables` are the declarations); `template` and `messages` are then not needed.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => BuilderSpecDto)
  builderSpec?: BuilderSpecDto;

  /**
   * Existing declarations to keep; new variables are added to them. Undeclared and unused
   * variable warnings are given only when declarations are sent (or come with a builder spec).
   */
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  @ArrayMaxSize(200)
  variablesMeta?: VariableMetaDto[];

  /**
   * A model (e.g. `gpt-4`) whose context window the template is checked against: the template's
   * own tokens, before variables are filled in (the console's cost radar counts the rendered text).
   */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;
}

export class LintWarningDto {
  /** Stable rule code. */
  @ApiProperty({
    enum: [
      'template_syntax_error',
      'undeclared_variable',
      'unused_variable',
      'example_missing_field',
      'required_with_default',
      'invalid_json_schema',
      'context_window_exceeded',
    ],
  })
  code!: LintCode;

  message!: string;

  @ApiProperty({ enum: ['error', 'warning', 'info'] })
  severity!: LintSeverity;

  /** `messages.0` for a chat message; a builder spec field path such as `task`, `constraints.1`, `examples.0.input`. */
  field?: string;

  /** 1-based line within the template or the field. */
  line?: number;

  /** 1-based column. */
  column?: number;
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

  /** Lint warnings for the template or the builder spec. */
  warnings!: LintWarningDto[];
}
