import { IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** The model a version is meant for, and its sampling parameters. */
export class ModelConfigDto {
  /** Name of a configured provider. @example openai */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;

  /** @example gpt-4o-mini */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000000)
  maxTokens?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  topP?: number;
}
