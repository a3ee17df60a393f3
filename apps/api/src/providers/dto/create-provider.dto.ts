import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { PROMPT_NAME_PATTERN, PROMPT_NAME_RULE, PROVIDER_KINDS, ProviderKind } from '@promptops/shared';
import { ProviderModelDto } from './provider-model.dto';

export const BASE_URL_PATTERN = /^https?:\/\/[^\s]+$/;

export class CreateProviderDto {
  /** Unique, URL-safe; versions and runs refer to the provider by it. @example openai */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;

  @ApiProperty({ enum: PROVIDER_KINDS, enumName: 'ProviderKind' })
  @IsIn(PROVIDER_KINDS, { message: `kind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  kind!: ProviderKind;

  /**
   * API root, e.g. `https://api.openai.com/v1` or a LiteLLM/vLLM proxy's; required for
   * `openai-compatible`. For `ollama`, the server (default `http://127.0.0.1:11434`).
   * @example https://api.openai.com/v1
   */
  @IsOptional()
  @Matches(BASE_URL_PATTERN, { message: 'baseUrl must be an http(s) URL' })
  @MaxLength(500)
  baseUrl?: string;

  /** Write-only: stored encrypted, never returned (answers show its last four characters). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  apiKey?: string;

  /** The models offered through this provider; an empty list allows any model id. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ProviderModelDto)
  models?: ProviderModelDto[];

  /** Disabled providers keep their settings but cannot be called. Default true. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
