import type { IncomingHttpHeaders } from 'node:http';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { RequestWithUser } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { servedHeaders } from '../rollouts/assignment';
import { RenderPromptDto, RenderResponseDto } from '../templates/dto/render.dto';
import { ResolvedPromptDto, ResolvedQueryDto } from './dto/resolved.dto';
import { RENDER_PROMPT_BODY_SCHEMA, ServingBody } from './dto/serving-body.schemas';
import { retirementHeaders } from '../retirement/retirement-notice';
import { Caller, ServingService } from './serving.service';

@ApiTags('serving')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/prompts/:name')
export class ServingController {
  constructor(private readonly serving: ServingService) {}

  /** Render a prompt (`X-PromptOps-User` names the end user, for debug mode): an environment's deployment (API keys: scope `render`), a version, or the latest. */
  @Post('render')
  @HttpCode(200)
  @AllowApiKey('render')
  @RouteSchema({ body: RENDER_PROMPT_BODY_SCHEMA })
  @ApiBody({ type: RenderPromptDto })
  @ApiProblems(400, 401, 403, 404, 410, 422, 429)
  @RequirePermission('prompt:view')
  async renderPrompt(
    @Param('name') name: string,
    @Body() body: ServingBody,
    @Req() request: RequestWithUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RenderResponseDto> {
    const { answer, headers } = await this.serving.renderPrompt(name, body, callerOf(request));
    reply.headers({ ...headers, ...servedHeaders(answer.version, answer.rolloutVariant) });
    return answer;
  }

  /** The template, variables and model config an environment serves, with an ETag for caching clients (scope `read`). */
  @Get('resolved')
  @AllowApiKey('read')
  @ApiHeader({ name: 'If-None-Match', required: false })
  @ApiOkResponse({ type: ResolvedPromptDto })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag given in If-None-Match' })
  @ApiProblems(401, 403, 404, 410, 429)
  @RequirePermission('prompt:view')
  async getResolvedPrompt(
    @Param('name') name: string,
    @Query() query: ResolvedQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Req() request: RequestWithUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResolvedPromptDto | undefined> {
    const caller = callerOf(request);
    const { resolved, retirement } = await this.serving.resolve(
      name,
      { environment: query.environment ?? (request.apiKey ? undefined : 'prod'), assignRollout: false },
      caller,
    );
    const rollout = resolved.rollout ? { id: resolved.rollout.id, stickyKey: resolved.rollout.stickyKey } : null;
    const etag = resolvedEtag(resolved.etag, resolved.rollout, caller.serveDebugDrafts);
    reply.headers(retirementHeaders(retirement));
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) {
      reply.status(304);
      return undefined;
    }
    return {
      prompt: resolved.prompt,
      environment: resolved.environment,
      version: resolved.version,
      status: resolved.status,
      kind: resolved.kind,
      template: resolved.template,
      messages: resolved.messages,
      flow: resolved.flow,
      variablesMeta: resolved.variablesMeta,
      modelConfig: resolved.modelConfig,
      rollout,
      serveDebugDrafts: caller.serveDebugDrafts,
    };
  }
}

/**
 * The version's ETag, changed too by what else the answer says: a rollout starting, reweighted
 * or ending, and whether the caller's end users may get drafts. A client revalidating with the
 * old tag must not keep a copy that says "no rollout".
 */
function resolvedEtag(
  versionEtag: string,
  rollout: { id: number; weightsBp: number[] } | null | undefined,
  serveDebugDrafts: boolean,
): string {
  const extra = `${rollout ? `-r${rollout.id}w${rollout.weightsBp.join('.')}` : ''}${serveDebugDrafts ? '-d' : ''}`;
  return extra ? `${versionEtag.slice(0, -1)}${extra}"` : versionEtag;
}

/**
 * The API key, if any, and the end user a call is made for (debug mode). A key serves that
 * user drafts only when it is allowed to; console users can read drafts anyway.
 */
export function callerOf(request: { apiKey?: ApiKeyPrincipal; headers: IncomingHttpHeaders }): Caller {
  return {
    apiKey: request.apiKey,
    endUser: endUserOf(request.headers),
    serveDebugDrafts: request.apiKey ? request.apiKey.serveDebugDrafts : true,
  };
}

/** `X-PromptOps-User`: the end user a call is made for (debug mode). */
function endUserOf(headers: IncomingHttpHeaders): string | undefined {
  const endUser = headers['x-promptops-user'];
  return typeof endUser === 'string' && endUser ? endUser : undefined;
}
