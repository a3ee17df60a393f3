import { IntersectionType } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PROMPT_NAME_PATTERN, PROMPT_NAME_RULE } from '@promptops/shared';
import { CreateVersionDto } from './create-version.dto';
import { PromptMetadataDto } from './prompt-metadata.dto';

class PromptNameDto {
  /** Unique, URL-safe alias used by callers, e.g. in /api/v1/run/{name}. @example welcome-email */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;
}

/** A new prompt and its version 1. */
export class CreatePromptDto extends IntersectionType(PromptNameDto, PromptMetadataDto, CreateVersionDto) {}
