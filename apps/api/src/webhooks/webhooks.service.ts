import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RateLimiter } from '../cluster/rate-limiter';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DeploymentsService } from '../deployments/deployments.service';
import { FlowExecutionService } from '../flows/flow-execution.service';
import { RunCore } from '../runs/run-core.service';
import { abortOnClose } from '../common/http/abort-on-close';
import { ResolvedPrompt } from '../serving/resolution.service';
import { ServingService } from '../serving/serving.service';
import { retirementHeaders } from '../retirement/retirement-notice';
import { RenderingService } from '../templates/rendering.service';
import type { VariableMeta } from '@promptops/templating';
import { coerceVariables } from '../templates/coerce-variables';

export interface WebhookTarget {
  prompt: string;
  environment: string;
  resolved: ResolvedPrompt;
  variables: Record<string, unknown>;
  rateLimitHeaders: Record<string, string>;
  /** A deprecated prompt's Deprecation, Sunset and Link headers. */
  retirementHeaders: Record<string, string>;
}

/** Flat answers that Zapier and Make map field by field. */
export interface WebhookRunAnswer {
  output: string;
  runId: number;
  version: number;
  /** The rollout arm served (`baseline`, `candidate`…); null outside a rollout. */
  rolloutVariant: string | null;
  environment: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
  latencyMs: number;
}

export interface WebhookRenderAnswer {
  text: string;
  prompt: string;
  version: number;
  /** The rollout arm served (`baseline`, `candidate`…); null outside a rollout. */
  rolloutVariant: string | null;
  environment: string;
}

@Injectable()
export class WebhooksService {
  constructor(
    private readonly deployments: DeploymentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rendering: RenderingService,
    private readonly rateLimiter: RateLimiter,
    private readonly serving: ServingService,
    private readonly core: RunCore,
    private readonly flows: FlowExecutionService,
  ) {}

  /** Finds the deployment a secret belongs to, rate limits it, and resolves what it serves. */
  /**
   * `subjectKey` (`X-PromptOps-Subject`, or a `subjectKey` field of the body) keeps a caller on
   * one arm of a rollout; so does the end user (`X-PromptOps-User`).
   */
  async target(secret: string, body: unknown, endUser?: string, subjectKey?: string): Promise<WebhookTarget> {
    const { prompt, environment, rateLimitKey, servesDebugDrafts } = await this.deployments.findByWebhookSecret(secret);
    const headers = await this.rateLimiter.consume(
      `webhook:${rateLimitKey}`,
      this.config.webhookRateLimitPerMinute,
      (decision) =>
        `This webhook takes ${decision.limit} requests per minute; retry in ${decision.retryAfterSeconds} s`,
    );
    const { resolved, retirement } = await this.serving.resolve(
      prompt,
      { environment },
      { endUser, serveDebugDrafts: servesDebugDrafts, subjectKey: subjectKey ?? bodySubjectKey(body) },
    );
    return {
      prompt,
      environment,
      resolved,
      variables: coerceVariables(resolved.variablesMeta, webhookVariables(body, resolved.variablesMeta)),
      rateLimitHeaders: headers,
      retirementHeaders: retirementHeaders(retirement),
    };
  }

  async run(target: WebhookTarget, reply: FastifyReply): Promise<WebhookRunAnswer> {
    if (target.resolved.kind === 'flow') return this.runFlow(target);
    const plan = await this.serving.plan(target.resolved, target.variables, 'webhook', { serveDebugDrafts: false });
    const answer = await this.core.run(plan, abortOnClose(reply.raw));
    return {
      output: answer.output,
      runId: answer.runId,
      version: target.resolved.version,
      rolloutVariant: target.resolved.rolloutVariant ?? null,
      environment: target.environment,
      model: answer.model,
      promptTokens: answer.usage.promptTokens,
      completionTokens: answer.usage.completionTokens,
      costUsd: answer.costUsd,
      latencyMs: answer.latencyMs,
    };
  }

  /** A flow's deployment: the payload's fields are its inputs; it runs to its end even if the caller leaves. */
  private async runFlow(target: WebhookTarget): Promise<WebhookRunAnswer> {
    const outcome = await this.flows.runFlow({
      resolved: target.resolved,
      inputs: target.variables,
      source: 'webhook',
      environment: target.environment,
    });
    if (outcome.error) throw outcome.error;
    const { response } = outcome;
    return {
      output: typeof response.output === 'string' ? response.output : JSON.stringify(response.output),
      runId: response.flowRunId,
      version: response.version,
      rolloutVariant: target.resolved.rolloutVariant ?? null,
      environment: target.environment,
      model: '',
      promptTokens: response.usage.promptTokens,
      completionTokens: response.usage.completionTokens,
      costUsd: response.costUsd,
      latencyMs: response.latencyMs,
    };
  }

  async render(target: WebhookTarget): Promise<WebhookRenderAnswer> {
    const result = await this.rendering.render(target.resolved, target.variables);
    return {
      text: result.text,
      prompt: target.resolved.prompt,
      version: target.resolved.version,
      rolloutVariant: target.resolved.rolloutVariant ?? null,
      environment: target.environment,
    };
  }
}

/**
 * The variables a webhook body carries: its fields, flat. A body shaped like the run API's,
 * `{"variables": {…}}`, is read the same way (its other fields kept beside), unless the prompt
 * declares a variable named `variables` itself.
 */
export function webhookVariables(body: unknown, meta: VariableMeta[]): Record<string, unknown> {
  if (!isPlainObject(body)) return {};
  const { variables, ...rest } = body;
  if (!isPlainObject(variables) || meta.some((m) => m.name === 'variables')) return body;
  return { ...rest, ...variables };
}

/** A `subjectKey` string field of a webhook's JSON body. */
function bodySubjectKey(body: unknown): string | undefined {
  const value = isPlainObject(body) ? body.subjectKey : undefined;
  return typeof value === 'string' && value ? value.slice(0, 191) : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
