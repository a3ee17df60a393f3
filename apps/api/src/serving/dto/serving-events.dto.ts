import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PROMPT_NAME_SOURCE } from '@promptops/shared';

export class ServingEventsQueryDto {
  /** Comma-separated prompt names to hear about (at most 200); absent: every prompt. */
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  @Matches(new RegExp(`^${PROMPT_NAME_SOURCE}(,${PROMPT_NAME_SOURCE})*$`), {
    message: 'prompts must be prompt names separated by commas',
  })
  prompts?: string;

  /** Hear about this environment only (and changes to every environment); an environment-bound key hears its own. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;
}
