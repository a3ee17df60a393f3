import { RawJson } from '../../common/dto/raw-json.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { RunParametersInputDto } from './run-parameters.dto';

export class CreatePlaygroundRunDto extends RunParametersInputDto {
  /** Name of the prompt. @example welcome-email */
  @IsString()
  @MaxLength(100)
  prompt!: string;

  /** @example 3 */
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { topic: 'autumn' } })
  @IsOptional()
  @IsObject()
  @RawJson()
  variables?: Record<string, unknown>;

  /** Name of a configured provider. @example openai */
  @IsString()
  @MaxLength(100)
  provider!: string;

  /** @example gpt-4o-mini */
  @IsString()
  @MaxLength(200)
  model!: string;

  /** Answer as a `text/event-stream` of `start`, `delta`, `done` or `error` events. */
  @IsOptional()
  @IsBoolean()
  stream?: boolean;
}
