import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor, RequestWithUser } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ListPromptsQueryDto } from '../prompts/dto/list-prompts-query.dto';
import { PromptListResponseDto } from '../prompts/dto/prompt-response.dto';
import { callerOf } from '../serving/serving.controller';
import { CreateFlowDto, CreateFlowVersionDto, ValidateFlowDto } from './dto/create-flow.dto';
import { ExecuteFlowDto, TestFlowDto } from './dto/execute-flow.dto';
import { FlowResponseDto, FlowValidationResponseDto, FlowVersionResponseDto } from './dto/flow-response.dto';
import { FlowRunQueuedResponseDto, FlowRunResponseDto } from './dto/flow-run-response.dto';
import { FlowExecutionService } from './flow-execution.service';
import { FlowsService } from './flows.service';

const STREAM_DESCRIPTION =
  'The answer as JSON, or with `stream: true` a `text/event-stream` of `flow.started`, `step.started`, `step.delta`, `step.completed`, `step.skipped`, `step.failed`, then `flow.completed` (the JSON answer) or `flow.failed` (a problem).';

/**
 * Flows are prompts of type `flow`: they share the prompts' names, and their versions are
 * published, archived, diffed, deployed, rolled back and given webhooks through the prompts
 * endpoints (`/api/v1/prompts/{name}/…`). These endpoints add what only flows have.
 */
@ApiTags('flows')
@ApiBearerAuth()
@ApiExtraModels(FlowRunResponseDto, FlowRunQueuedResponseDto)
@Controller('api/v1/flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly execution: FlowExecutionService,
  ) {}

  /** Flows, with search and filters as for prompts. */
  @Get()
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  listFlows(@Query() query: ListPromptsQueryDto): Promise<PromptListResponseDto> {
    return this.flows.listFlows(query);
  }

  /** Create a flow and its version 1; 400 `FLOW_INVALID` names the steps of each problem. */
  @Post()
  @ApiProblems(400, 401, 409, 413)
  @RequirePermission('prompt:edit')
  createFlow(@Body() body: CreateFlowDto, @CurrentActor() actor: Actor): Promise<FlowResponseDto> {
    return this.flows.createFlow(body, actor);
  }

  /** Check a definition without saving it: every problem, the run order and each step's dependencies. */
  @Post('validate')
  @HttpCode(200)
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  validateFlow(@Body() body: ValidateFlowDto): Promise<FlowValidationResponseDto> {
    return this.flows.validateFlow(body);
  }

  @Get(':name')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getFlow(@Param('name') name: string): Promise<FlowResponseDto> {
    return this.flows.getFlow(name);
  }

  /** A new version of the flow (never overwrites one). */
  @Post(':name/versions')
  @ApiProblems(400, 401, 404, 409, 413)
  @RequirePermission('prompt:edit')
  createFlowVersion(
    @Param('name') name: string,
    @Body() body: CreateFlowVersionDto,
    @CurrentActor() actor: Actor,
  ): Promise<FlowVersionResponseDto> {
    return this.flows.createFlowVersion(name, body, actor);
  }

  @Get(':name/versions/:version')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  getFlowVersion(
    @Param('name') name: string,
    @Param('version', ParsePositiveIntPipe) version: number,
  ): Promise<FlowVersionResponseDto> {
    return this.flows.getFlowVersion(name, version);
  }

  /**
   * Run a flow: the environment's deployment (default: the key's environment, else prod) or a
   * published version. API keys need scope `run`. With `Idempotency-Key`, a retry within 24 h
   * answers the first request's result instead of running again.
   */
  @Post(':name/execute')
  @HttpCode(200)
  @AllowApiKey('run')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Up to 255 characters; kept 24 h' })
  @ApiOkResponse({
    description: STREAM_DESCRIPTION,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FlowRunResponseDto) } },
      'text/event-stream': { schema: { type: 'string' } },
    },
  })
  @ApiAcceptedResponse({ description: 'With `mode: "queue"`', type: FlowRunQueuedResponseDto })
  @ApiSecurity('apiKey')
  @ApiProblems(400, 401, 403, 404, 409, 410, 422, 429, 502, 503, 504)
  @RequirePermission('prompt:edit')
  executeFlow(
    @Param('name') name: string,
    @Body() body: ExecuteFlowDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: RequestWithUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FlowRunResponseDto | FlowRunQueuedResponseDto | undefined> {
    return this.execution.executeFlow(name, body, { ...callerOf(request), user: request.user }, idempotencyKey, reply);
  }

  /** The console's test panel: any version (drafts too, default the latest), logged as a Playground run. */
  @Post(':name/test')
  @HttpCode(200)
  @ApiOkResponse({
    description: STREAM_DESCRIPTION,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(FlowRunResponseDto) } },
      'text/event-stream': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 403, 404, 409, 410, 422, 429, 502, 503, 504)
  @RequirePermission('prompt:edit')
  testFlow(
    @Param('name') name: string,
    @Body() body: TestFlowDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FlowRunResponseDto | undefined> {
    return this.execution.testFlow(name, body, actor, reply);
  }
}
