import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import {
  ApiBearerAuth,
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { RequestWithUser } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { PlaygroundRunResponseDto } from '../playground/dto/playground-run-response.dto';
import { RunPromptDto } from './dto/run-prompt.dto';
import { RUN_PROMPT_BODY_SCHEMA, ServingBody } from './dto/serving-body.schemas';
import { callerOf } from './serving.controller';
import { ServingService } from './serving.service';

@ApiTags('serving')
@ApiExtraModels(PlaygroundRunResponseDto)
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/run')
export class RunController {
  constructor(private readonly serving: ServingService) {}

  /**
   * Run a prompt on the model its version names: the environment's deployment (default: the
   * key's environment, else prod) or a published version. API keys need scope `run`.
   */
  @Post(':name')
  @HttpCode(200)
  @AllowApiKey('run')
  @RouteSchema({ body: RUN_PROMPT_BODY_SCHEMA })
  @ApiBody({ type: RunPromptDto })
  @ApiOkResponse({
    description:
      'The answer as JSON, or with `stream: true` a `text/event-stream` of `start` ({runId}), `delta` ({text})…, then `done` (the JSON answer) or `error` (a problem).',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(PlaygroundRunResponseDto) } },
      'text/event-stream': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 401, 403, 404, 409, 410, 422, 429, 502, 503, 504)
  @RequirePermission('prompt:edit')
  runPrompt(
    @Param('name') name: string,
    @Body() body: ServingBody,
    @Req() request: RequestWithUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlaygroundRunResponseDto | undefined> {
    return this.serving.runPrompt(name, body, callerOf(request), 'api', reply);
  }
}
