import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { ListRunsQueryDto, RunFilterQueryDto } from './dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto } from './dto/run-response.dto';
import { RunsService } from './runs.service';

/** The run log: every model call, from the Playground, the run API, webhooks and flows, and the flow runs. */
@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/v1/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

  /**
   * Runs newest first, filtered by prompt, source, status, date range, model, environment, API
   * key and text, with totals (calls, tokens, cost) over every run the filter matches.
   */
  @Get()
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401)
  listRuns(@Query() query: ListRunsQueryDto): Promise<RunListResponseDto> {
    return this.runs.listRuns(query);
  }

  /**
   * Every run the filter matches as CSV (`runs.csv`), newest first, streamed: id, createdAt,
   * source, prompt, version, environment, apiKey (name), provider, model, status, errorCode,
   * promptTokens, completionTokens, costUsd, latencyMs, user, kind (model or flow), parentRunId
   * (the flow run a step belongs to), stepId.
   */
  @Get('export')
  @RequirePermission('prompt:view')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The runs as CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblems(400, 401)
  exportRuns(@Query() query: RunFilterQueryDto): StreamableFile {
    return new StreamableFile(this.runs.exportRuns(query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="runs.csv"',
    });
  }

  /** One run with its variables, input messages and output; a flow run with its step runs. */
  @Get(':id')
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401, 404)
  getRun(@Param('id', ParsePositiveIntPipe) id: number): Promise<RunResponseDto> {
    return this.runs.getRun(id);
  }
}
