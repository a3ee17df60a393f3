import { PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';

/** Sampling parameters; those left out come from the version's model settings. */
export class RunParametersInputDto extends PickType(ModelConfigDto, ['temperature', 'maxTokens', 'topP'] as const) {
  /** Up to four sequences that end the answer. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  stop?: string[];
}
