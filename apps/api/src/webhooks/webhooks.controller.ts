import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/public.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { servedHeaders } from '../rollouts/assignment';
import { WebhookRenderAnswer, WebhookRunAnswer, WebhooksService } from './webhooks.service';

/** Errors under this path carry a flat `error` field beside `detail` (see ProblemFilter). */
export const WEBHOOK_PATH_PREFIX = '/api/webhooks/';

@ApiTags('webhooks')
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /**
   * For Zapier, Make and other no-code tools: the body's fields are the variables (JSON or
   * form-encoded; `name[]` form fields are lists). A JSON body of the run API's shape,
   * `{"variables": {…}}`, is taken too. Errors carry a flat `error` field beside `detail`. Runs the deployed version on its model and answers a flat object;
   * `?mode=render` answers the rendered prompt without calling a model.
   */
  @Public()
  @Post(':secret')
  @HttpCode(200)
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiBody({ schema: { type: 'object', additionalProperties: true, example: { topic: 'autumn' } } })
  @ApiQuery({ name: 'mode', required: false, enum: ['render'] })
  @ApiProblems(400, 404, 410, 422, 503)
  async callWebhook(
    @Param('secret') secret: string,
    @Query('mode') mode: string | undefined,
    @Body() body: unknown,
    @Headers('x-promptops-user') endUser: string | undefined,
    @Headers('x-promptops-subject') subjectKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookRunAnswer | WebhookRenderAnswer> {
    const target = await this.webhooks.target(secret, body, endUser || undefined, subjectKey || undefined);
    reply.headers({
      ...target.rateLimitHeaders,
      ...target.retirementHeaders,
      ...servedHeaders(target.resolved.version, target.resolved.rolloutVariant),
    });
    return mode === 'render' ? this.webhooks.render(target) : this.webhooks.run(target, reply);
  }
}
