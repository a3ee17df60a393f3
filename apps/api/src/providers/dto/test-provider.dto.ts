import { IsOptional, IsString, MaxLength } from 'class-validator';

export class TestProviderDto {
  /** The model to try; by default the provider's first model, or its model list when it has none. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;
}
