import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { ListRunsQueryDto } from './dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto } from './dto/run-response.dto';
import { RunsService } from './runs.service';

/** The run log: every model call, from the Playground, the run API and webhooks. */
@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/v1/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /** Runs newest first, filtered by prompt, source and status. */
  @Get()
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401)
  listRuns(@Query() query: ListRunsQueryDto): Promise<RunListResponseDto> {
    return this.runs.listRuns(query);
  }

  /** One run with its variables, input messages and output. */
  @Get(':id')
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401, 404)
  getRun(@Param('id', ParsePositiveIntPipe) id: number): Promise<RunResponseDto> {
    return this.runs.getRun(id);
  }
}
