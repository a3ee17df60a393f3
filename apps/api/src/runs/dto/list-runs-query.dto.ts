import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { RUN_SOURCES, RUN_STATUSES, RunSource, RunStatus } from '../run.entity';

export class ListRunsQueryDto extends PageQueryDto {
  /** Only runs of this prompt. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;

  /** Only runs from here: playground, api, webhook, flow or eval. */
  @IsOptional()
  @IsIn(RUN_SOURCES)
  source?: RunSource;

  @IsOptional()
  @IsIn(RUN_STATUSES)
  status?: RunStatus;
}
