import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { Actor } from '../common/auth/authenticated-user';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { CreateExperimentDto, CreateExperimentQueryDto, ResumeExperimentDto } from './dto/create-experiment.dto';
import { ExperimentEstimateResponseDto } from './dto/experiment-estimate.dto';
import { ExperimentGridQueryDto, ExperimentGridResponseDto, ListExperimentsQueryDto } from './dto/experiment-grid.dto';
import { ExperimentListResponseDto, ExperimentResponseDto } from './dto/experiment-response.dto';
import { ExperimentSummaryResponseDto } from './dto/experiment-summary.dto';
import { ExperimentReportQueryDto } from './dto/experiment-report.dto';
import { ExperimentsService } from './experiments.service';
import { streamExperimentEvents } from './experiment-events';

/**
 * Experiments: a dataset version run through prompt variants, several times each, scored, and
 * compared with paired statistics. API keys with scope `eval` may start and read them (CI gates).
 */
@ApiTags('experiments')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  /**
   * What an experiment would run and cost, before it starts: items × variants × repetitions,
   * tokens and price per variant, and the required variables some items lack.
   */
  @Post('estimate')
  @HttpCode(200)
  @RequirePermission('prompt:edit')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 403, 404)
  estimateExperiment(
    @Body() body: CreateExperimentDto,
    @CurrentActor() actor: Actor,
  ): Promise<ExperimentEstimateResponseDto> {
    return this.experiments.estimate(body, actor);
  }

  /**
   * Starts an experiment (status `queued`, then `running`). With `?wait=true` the answer comes
   * once it has ended, with its summary's gate in `GET …/summary` — what a CI pipeline calls.
   * A required variable missing from items answers 400 `EXPERIMENT_VARIABLES_MISSING`.
   */
  @Post()
  @RequirePermission('prompt:edit')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 403, 404, 409)
  createExperiment(
    @Body() body: CreateExperimentDto,
    @Query() query: CreateExperimentQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<ExperimentResponseDto> {
    return this.experiments.create(body, query, actor);
  }

  /** Experiments newest first. */
  @Get()
  @RequirePermission('prompt:view')
  @AllowApiKey('eval')
  @ApiProblems(400, 401)
  listExperiments(@Query() query: ListExperimentsQueryDto): Promise<ExperimentListResponseDto> {
    return this.experiments.list(query);
  }

  /** One experiment with its progress. */
  @Get(':id')
  @RequirePermission('prompt:view')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 404)
  getExperiment(@Param('id', ParsePositiveIntPipe) id: number): Promise<ExperimentResponseDto> {
    return this.experiments.get(id);
  }

  /**
   * Progress as server-sent events: `progress` (the experiment, as `GET` answers it) whenever it
   * changes, then `end` once it has ended.
   */
  @Get(':id/events')
  @RequirePermission('prompt:view')
  @AllowApiKey('eval')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'A text/event-stream of `progress` events, then `end`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 404)
  async streamExperimentEvents(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Req() request: { raw: import('node:http').IncomingMessage },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.experiments.get(id);
    await streamExperimentEvents(this.experiments, id, request.raw, reply);
  }

  /** Stops it: no new model calls; what is done stays. It can be resumed. */
  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('prompt:edit')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 403, 404, 409)
  cancelExperiment(
    @Param('id', ParsePositiveIntPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<ExperimentResponseDto> {
    return this.experiments.cancel(id, actor);
  }

  /** Continues a cancelled, failed or over-budget experiment: only missing results are computed. */
  @Post(':id/resume')
  @HttpCode(200)
  @RequirePermission('prompt:edit')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 403, 404, 409)
  resumeExperiment(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Body() body: ResumeExperimentDto,
    @CurrentActor() actor: Actor,
  ): Promise<ExperimentResponseDto> {
    return this.experiments.resume(id, body, actor);
  }

  /** Deletes an experiment that has ended, with its results (the runs stay in the run log). */
  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('prompt:edit')
  @ApiProblems(400, 401, 403, 404, 409)
  deleteExperiment(@Param('id', ParsePositiveIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.experiments.remove(id, actor);
  }

  /**
   * Per variant: mean, sd, 95 % CI, pass rate (Wilson), pass@k, cost, latency; each variant
   * against the first, paired on items (t-test, Wilcoxon, McNemar) with a verdict; the gate.
   */
  @Get(':id/summary')
  @RequirePermission('prompt:view')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 404)
  getExperimentSummary(@Param('id', ParsePositiveIntPipe) id: number): Promise<ExperimentSummaryResponseDto> {
    return this.experiments.summary(id);
  }

  /** Items × variants, outputs side by side with per-item deltas; filter to regressions. */
  @Get(':id/grid')
  @RequirePermission('prompt:view')
  @AllowApiKey('eval')
  @ApiProblems(400, 401, 404)
  getExperimentGrid(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Query() query: ExperimentGridQueryDto,
  ): Promise<ExperimentGridResponseDto> {
    return this.experiments.grid(id, query);
  }

  /** The result as a JUnit XML (one test case per variant and scorer, plus the gate) or a Markdown summary. */
  @Get(':id/report')
  @RequirePermission('prompt:view')
  @AllowApiKey('eval')
  @ApiProduces('application/xml', 'text/markdown')
  @ApiOkResponse({
    description: 'JUnit XML or Markdown',
    content: { 'application/xml': { schema: { type: 'string' } }, 'text/markdown': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 404)
  async getExperimentReport(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Query() query: ExperimentReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const report = await this.experiments.report(id, query.format);
    reply.header('content-type', report.contentType);
    return report.body;
  }
}
