import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { ListRunsQueryDto } from '../runs/dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto } from '../runs/dto/run-response.dto';
import { CreatePlaygroundRunDto } from './dto/create-playground-run.dto';
import { EstimateDto, EstimateResponseDto } from './dto/estimate.dto';
import { PlaygroundRunResponseDto } from './dto/playground-run-response.dto';
import { RerunDto } from './dto/rerun.dto';
import { PlaygroundService } from './playground.service';

/** JSON, or with `stream: true` server-sent events (read with fetch, not the generated client). */
const ApiRunAnswer = () =>
  ApiCreatedResponse({
    description:
      'The answer as JSON, or with `stream: true` a `text/event-stream` of `start` ({runId}), ' +
      '`delta` ({text})…, then `done` (the JSON answer) or `error` (a problem).',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(PlaygroundRunResponseDto) } },
      'text/event-stream': { schema: { type: 'string' } },
    },
  });

@ApiTags('playground')
@ApiExtraModels(PlaygroundRunResponseDto)
@ApiBearerAuth()
@Controller('api/v1/playground')
export class PlaygroundController {
  constructor(private readonly playground: PlaygroundService) {}

  /** Render a version with variables, call a model and log the run. */
  @Post('runs')
  @ApiRunAnswer()
  @ApiProblems(400, 401, 404, 422, 429, 502, 503, 504)
  @RequirePermission('prompt:edit')
  createPlaygroundRun(
    @Body() body: CreatePlaygroundRunDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlaygroundRunResponseDto | undefined> {
    return this.playground.createRun(body, actor, reply);
  }

  /** Playground runs, newest first. */
  @Get('runs')
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  listPlaygroundRuns(@Query() query: ListRunsQueryDto): Promise<RunListResponseDto> {
    return this.playground.listRuns(query);
  }

  @Get('runs/:id')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  getPlaygroundRun(@Param('id', ParsePositiveIntPipe) id: number): Promise<RunResponseDto> {
    return this.playground.getRun(id);
  }

  /** Run a logged run's input again, optionally on another provider or model or with other parameters. */
  @Post('runs/:id/rerun')
  @ApiRunAnswer()
  @ApiProblems(400, 401, 404, 429, 502, 503, 504)
  @RequirePermission('prompt:edit')
  rerunPlaygroundRun(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Body() body: RerunDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlaygroundRunResponseDto | undefined> {
    return this.playground.rerun(id, body, actor, reply);
  }

  /** Tokens of the rendered input and the most a run can cost (input + max tokens of output). */
  @Post('estimate')
  @HttpCode(200)
  @ApiProblems(400, 401, 404, 422)
  @RequirePermission('prompt:view')
  estimatePlaygroundRun(@Body() body: EstimateDto): Promise<EstimateResponseDto> {
    return this.playground.estimate(body);
  }
}
