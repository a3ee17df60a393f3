import { Injectable, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { RunAnswer, RunCore, RunPlan } from '../runs/run-core.service';
import { replyWithRun } from '../runs/run-replies';
import { RenderResponseDto } from '../templates/dto/render.dto';
import type { ServingBody } from './dto/serving-body.schemas';
import { FlowNotRenderableError, RenderingService } from '../templates/rendering.service';
import { UsersService } from '../users/users.service';
import { servedHeaders } from '../rollouts/assignment';
import { ResolutionService, ResolvedPrompt } from './resolution.service';
import { ApiKeyEnvironmentMismatchError } from './serving.errors';
import { PromptSunsetError } from '../retirement/retirement.errors';
import { isPastSunset, RetirementNotice, retirementHeaders } from '../retirement/retirement-notice';

/** Who is asking: a backend service with an API key, or a console user. */
export interface Caller {
  apiKey?: ApiKeyPrincipal;
  /** The end user a call is made for (`userId` or `X-PromptOps-User`): external id or email. */
  endUser?: string;
  /**
   * Whether that end user, when in debug mode, gets drafts. Anyone can name any user, so only
   * callers trusted to name them truthfully may: API keys and webhooks that allow it, and the console.
   */
  serveDebugDrafts: boolean;
  /** The console user calling, when it is one (not an API key). */
  user?: AuthenticatedUser;
  /** What keeps the caller on one arm of a rollout besides its end user (`X-PromptOps-Subject`: webhooks). */
  subjectKey?: string;
}

export const DEFAULT_ENVIRONMENT = 'prod';

/** What a caller is served, and the deprecation notice of the prompt it asked for, if any. */
export interface ServedPrompt {
  resolved: ResolvedPrompt;
  resolvedBy: RenderResponseDto['resolvedBy'];
  retirement: RetirementNotice | null;
}

/** An answer with the response headers that go with it (a deprecated prompt's). */
export interface ServedAnswer<T> {
  answer: T;
  headers: Record<string, string>;
}

/** How many successors past their own sunset a call follows before it answers 410. */
const MAX_SUCCESSOR_HOPS = 5;

/** What a caller asks to be resolved. */
export interface ResolveRequest {
  version?: number;
  environment?: string;
  userId?: string;
  subjectKey?: string;
  /**
   * False: the deployment itself with its running rollout, not the arm of one request (what
   * GET …/resolved describes to caching clients). Default true.
   */
  assignRollout?: boolean;
}

/** A run API call's body. */
export interface RunBody {
  variables?: Record<string, unknown>;
  environment?: string;
  version?: number;
  stream?: boolean;
  userId?: string;
  subjectKey?: string;
}

@Injectable()
export class ServingService {
  constructor(
    private readonly resolution: ResolutionService,
    private readonly rendering: RenderingService,
    private readonly core: RunCore,
    private readonly users: UsersService,
  ) {}

  private readonly logger = new Logger(ServingService.name);

  /**
   * Picks the version a caller gets. API keys: an explicit published version, else the
   * deployment of the requested environment (their own, or prod); a key restricted to an
   * environment gets only what that environment deploys. Console users may also render
   * drafts and, without an environment, get the latest version.
   */
  async resolve(name: string, request: ResolveRequest, caller: Caller): Promise<ServedPrompt> {
    const chosen = await this.resolveAsked(name, request, caller);
    // Most prompts are not deprecated: no further step on the hot path.
    if (!chosen.resolved.retirement) return { ...chosen, retirement: null };
    return this.retire(name, request, caller, chosen, 0);
  }

  /**
   * A deprecated prompt is served with its notice (the answer's headers). Past its sunset it
   * answers 410, or its successor's answer in the same environment; the console's preview of
   * the latest version is never refused, so editors can still open what they retired.
   */
  private async retire(
    name: string,
    request: { environment?: string; userId?: string; subjectKey?: string },
    caller: Caller,
    chosen: { resolved: ResolvedPrompt; resolvedBy: RenderResponseDto['resolvedBy'] },
    hops: number,
  ): Promise<ServedPrompt> {
    const retirement = chosen.resolved.retirement;
    if (!retirement) return { ...chosen, retirement: null };
    const notice: RetirementNotice = { prompt: name, ...retirement };
    if (chosen.resolvedBy === 'latest' || !isPastSunset(retirement)) return { ...chosen, retirement: notice };
    const { successor } = retirement;
    if (retirement.afterSunset !== 'serve_successor' || !successor || hops >= MAX_SUCCESSOR_HOPS) {
      throw new PromptSunsetError(notice);
    }
    const environment =
      chosen.resolved.environment ?? request.environment ?? caller.apiKey?.environment ?? DEFAULT_ENVIRONMENT;
    const asked = { environment, userId: request.userId, subjectKey: request.subjectKey };
    const served = await this.retire(
      successor,
      asked,
      caller,
      await this.resolveAsked(successor, asked, caller),
      hops + 1,
    );
    return { ...served, retirement: { ...notice, servedPrompt: served.resolved.prompt } };
  }

  /**
   * A flow step's prompt is called like any other: past its sunset it answers 410 (failing the
   * step) or its successor runs instead, in the step's environment.
   */
  async retireStepPrompt(resolved: ResolvedPrompt, environment: string): Promise<ResolvedPrompt> {
    if (!resolved.retirement) return resolved;
    const chosen = { resolved, resolvedBy: resolved.environment ? ('environment' as const) : ('version' as const) };
    const served = await this.retire(resolved.prompt, { environment }, { serveDebugDrafts: false }, chosen, 0);
    return served.resolved;
  }

  private async resolveAsked(
    name: string,
    request: ResolveRequest,
    caller: Caller,
  ): Promise<{ resolved: ResolvedPrompt; resolvedBy: RenderResponseDto['resolvedBy'] }> {
    const chosen = await this.choose(name, request, caller);
    const endUser = request.userId ?? caller.endUser;
    // A deployment's running rollout picks the arm; debug mode (a draft) and a named version come first.
    const rolledOut = () =>
      chosen.resolvedBy === 'environment' && chosen.resolved.rollout && request.assignRollout !== false
        ? {
            ...chosen,
            resolved: this.resolution.assign(chosen.resolved, {
              userId: endUser,
              subjectKey: request.subjectKey ?? caller.subjectKey,
            }),
          }
        : chosen;
    if (chosen.resolvedBy !== 'environment' || !endUser || !caller.serveDebugDrafts) return rolledOut();
    const debugUser = await this.users.findDebugUser(endUser);
    if (!debugUser) return rolledOut();
    const draft = await this.resolution.resolveDebug(name, chosen.resolved.environment as string);
    if (!draft) return rolledOut();
    this.logger.log(
      `Debug mode: ${debugUser.email} gets draft v${draft.version} of "${name}" instead of v${chosen.resolved.version} in ${draft.environment}`,
    );
    return { resolved: draft, resolvedBy: 'debug' };
  }

  private async choose(
    name: string,
    request: { version?: number; environment?: string },
    caller: Caller,
  ): Promise<{ resolved: ResolvedPrompt; resolvedBy: RenderResponseDto['resolvedBy'] }> {
    if (caller.apiKey) {
      const environment = request.environment ?? caller.apiKey.environment ?? DEFAULT_ENVIRONMENT;
      if (caller.apiKey.environment && environment !== caller.apiKey.environment) {
        throw new ApiKeyEnvironmentMismatchError(caller.apiKey.environment, { environment });
      }
      if (request.version && caller.apiKey.environment) {
        return { resolved: await this.deployedVersion(name, environment, request.version), resolvedBy: 'version' };
      }
      if (request.version)
        return { resolved: await this.resolution.resolveVersion(name, request.version, false), resolvedBy: 'version' };
      return { resolved: await this.resolution.resolveDeployed(name, environment), resolvedBy: 'environment' };
    }
    if (request.version)
      return { resolved: await this.resolution.resolveVersion(name, request.version, true), resolvedBy: 'version' };
    if (request.environment) {
      return { resolved: await this.resolution.resolveDeployed(name, request.environment), resolvedBy: 'environment' };
    }
    return { resolved: await this.resolution.resolveLatest(name), resolvedBy: 'latest' };
  }

  /** A version named by a key restricted to `environment`: only the one deployed there. */
  private async deployedVersion(name: string, environment: string, version: number): Promise<ResolvedPrompt> {
    const deployed = await this.resolution.resolveDeployed(name, environment);
    if (deployed.version !== version) {
      throw new ApiKeyEnvironmentMismatchError(environment, { prompt: name, version, served: deployed.version });
    }
    return deployed;
  }

  /**
   * Renders the resolved version and calls the model its config names, through the run core
   * like every other caller: logged in the run log with the source and the API key. Answers
   * JSON, or with `stream: true` server-sent events on `reply`.
   */
  async runPrompt(
    name: string,
    body: RunBody,
    caller: Caller,
    source: 'api' | 'webhook',
    reply: FastifyReply,
  ): Promise<RunAnswer | undefined> {
    const { answer: plan, headers } = await this.planRun(name, body, caller, source);
    reply.headers({ ...headers, ...servedHeaders(plan.log.promptVersion, plan.log.rolloutVariant) });
    return replyWithRun(this.core, plan, body.stream === true, reply);
  }

  /** The version a caller gets, rendered and checked for its model: a run ready to go, and its headers. */
  async planRun(
    name: string,
    body: RunBody,
    caller: Caller,
    source: 'api' | 'webhook',
  ): Promise<ServedAnswer<RunPlan>> {
    const { resolved, resolvedBy, retirement } = await this.resolve(name, body, caller);
    const plan = await this.plan(resolved, body.variables ?? {}, source, caller, resolvedBy);
    return { answer: plan, headers: retirementHeaders(retirement) };
  }

  /** Everything a run of a resolved version needs, checked before any model is called. */
  plan(
    resolved: ResolvedPrompt,
    variables: Record<string, unknown>,
    source: 'api' | 'webhook',
    caller: Caller,
    resolvedBy?: RenderResponseDto['resolvedBy'],
  ): Promise<RunPlan> {
    if (resolved.kind === 'flow') throw new FlowNotRenderableError(resolved.prompt);
    return this.core.plan({
      source,
      prompt: resolved.prompt,
      version: resolved.version,
      environment: resolved.environment,
      resolvedBy,
      render: resolved,
      variables,
      modelConfig: resolved.modelConfig,
      apiKeyId: caller.apiKey?.id ?? null,
      rolloutId: resolved.rolloutId ?? null,
      rolloutVariant: resolved.rolloutVariant ?? null,
    });
  }

  async renderPrompt(name: string, body: ServingBody, caller: Caller): Promise<ServedAnswer<RenderResponseDto>> {
    const { resolved, resolvedBy, retirement } = await this.resolve(name, body, caller);
    if (resolved.kind === 'flow') throw new FlowNotRenderableError(name);
    const result = await this.rendering.render(resolved, body.variables ?? {});
    const answer: RenderResponseDto = {
      text: result.text,
      messages: result.messages,
      prompt: resolved.prompt,
      version: resolved.version,
      environment: resolved.environment,
      resolvedBy,
      rolloutVariant: resolved.rolloutVariant ?? null,
      variables: result.variables,
      modelConfig: resolved.modelConfig,
    };
    return { answer, headers: retirementHeaders(retirement) };
  }
}
