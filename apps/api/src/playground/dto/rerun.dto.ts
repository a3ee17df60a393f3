import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { RunParametersInputDto } from './run-parameters.dto';

/** The same rendered input again; provider, model and parameters left out are the original run's. */
export class RerunDto extends RunParametersInputDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  @IsOptional()
  @IsBoolean()
  stream?: boolean;
}
