import { RawJson } from '../../common/dto/raw-json.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class RunPromptDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { topic: 'autumn' } })
  @IsOptional()
  @IsObject()
  @RawJson()
  variables?: Record<string, unknown>;

  /** Run what this environment serves; defaults to the API key's environment, else prod. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /** Run a specific published version instead of the environment's. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Answer as server-sent events: `start`, `delta`…, then `done` or `error`. */
  @IsOptional()
  @IsBoolean()
  stream?: boolean;

  /** Your end user's id (external id or email), for the run log. */
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
