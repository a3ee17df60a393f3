import type { IncomingMessage } from 'node:http';
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { RequestWithUser } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ServingEventsQueryDto } from './dto/serving-events.dto';
import { ServingEvents } from './serving-events.service';

@ApiTags('serving')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/serving')
export class ServingEventsController {
  constructor(private readonly events: ServingEvents) {}

  /**
   * Push invalidation for caching clients (the SDK): `ready` once listening, then `changed`
   * ({prompt, environment, reason, version?, at}) whenever what a prompt resolves to may have
   * changed, on any replica; a comment line every 15 s. API keys need one of `read`, `render`, `run`.
   */
  @Get('events')
  @AllowApiKey('read', 'render', 'run')
  @RequirePermission('prompt:view')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'A text/event-stream of `ready` ({prompts, environment}), then `changed` ({prompt, environment, reason, version?, at}) events',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 429)
  streamServingEvents(
    @Query() query: ServingEventsQueryDto,
    @Req() request: RequestWithUser & { raw: IncomingMessage },
    @Res() reply: FastifyReply,
  ): void {
    const filter = this.events.filterOf(query, request.apiKey);
    this.events.open(filter, { apiKey: request.apiKey, user: request.user }, request.raw, reply);
  }
}
