import { IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

/** A model offered through a provider; prices here win over the built-in price table. */
export class ProviderModelDto {
  /** The model id the provider expects. @example gpt-4o-mini */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  id!: string;

  /** US dollars per million input tokens. @example 0.15 */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100000)
  inputPricePerMTok?: number;

  /** US dollars per million output tokens. @example 0.6 */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100000)
  outputPricePerMTok?: number;
}
