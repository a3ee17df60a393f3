import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CloneVersionDto {
  /** Defaults to "Cloned from version N". */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;
}
