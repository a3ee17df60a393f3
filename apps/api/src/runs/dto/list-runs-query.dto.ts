import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class ListRunsQueryDto extends PageQueryDto {
  /** Only runs of this prompt. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;
}
