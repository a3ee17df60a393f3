import type { IncomingMessage, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { parseJsonBody } from '../common/http/json-body';
import { AjvError, answerProblem, schemaValidationError } from '../common/problem/problem.filter';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { abortOnClose } from '../common/http/abort-on-close';
import { servedHeaders } from '../rollouts/assignment';
import { RunCore } from '../runs/run-core.service';
import { RunMetrics } from '../telemetry/run-metrics';
import { Tracing } from '../telemetry/tracing';
import { writeRunEvents } from '../runs/run-replies';
import {
  RENDER_PROMPT_BODY_SCHEMA,
  RUN_PROMPT_BODY_SCHEMA,
  ServingBody,
  SERVING_AJV_OPTIONS,
} from './dto/serving-body.schemas';
import { matchServingRoute, ServingRoute } from './serving-route';
import { callerOf } from './serving.controller';
import { ServingService } from './serving.service';

/**
 * The hot serving calls, `POST /api/v1/prompts/{name}/render` and `POST /api/v1/run/{name}`
 * with an `X-API-Key`, answered straight from Node's request before Fastify and Nest see them:
 * their per-request pipeline (hooks, guard, pipes, interceptors, reply) costs more than a
 * render. It does what the Nest routes do, in the same order and through the same services:
 * the body schema, the key and its scope, the rate limit, resolution, rendering and (run) the
 * run core, problem+json errors, JSON or server-sent events. Requests it cannot take whole
 * (console sessions, other content types, bodies without Content-Length or over the limit) go
 * on to Fastify unchanged, which answers them as before.
 */
@Injectable()
export class ServingFastPath implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ServingFastPath');
  private readonly validate: Record<ServingRoute['action'], ValidateFunction<ServingBody>>;
  /** Once the app shuts down, requests go to Fastify, which answers 503 while closing. */
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly serving: ServingService,
    private readonly core: RunCore,
    private readonly tracing: Tracing,
    private readonly metrics: RunMetrics,
  ) {
    const ajv = new Ajv(SERVING_AJV_OPTIONS);
    this.validate = {
      render: ajv.compile<ServingBody>(RENDER_PROMPT_BODY_SCHEMA),
      run: ajv.compile<ServingBody>(RUN_PROMPT_BODY_SCHEMA),
    };
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** Answers the request and returns true, or returns false and leaves it untouched. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'POST' || this.closing) return false;
    const route = matchServingRoute(request.url as string);
    const key = request.headers['x-api-key'];
    if (!route || typeof key !== 'string') return false;
    const contentType = request.headers['content-type'];
    if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) return false;
    const length = Number(request.headers['content-length']);
    if (!(length > 0 && length <= this.config.bodyLimitBytes)) return false;

    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    // A client gone mid-body: nothing to answer, and no unhandled 'error' event.
    request.on('error', () => response.destroy());
    request.on('end', () => {
      const answer = () => this.answer(response, route, key, request, text);
      const instrumented = this.tracing.enabled || this.metrics.enabled;
      (instrumented ? this.instrumented(route, request, response, answer) : answer()).catch((error: unknown) => {
        // Even the problem answer failed: a bug. Log it and close the connection rather than hang.
        this.logger.error(`Answering a ${route.action} failed`, error instanceof Error ? error.stack : String(error));
        response.destroy();
      });
    });
    return true;
  }

  private async answer(
    response: ServerResponse,
    route: ServingRoute,
    presentedKey: string,
    request: IncomingMessage,
    text: string,
  ): Promise<void> {
    let headers: Record<string, string> | undefined;
    try {
      const body = this.parse(text, route.action);
      const { apiKey, rateLimitHeaders } = await this.apiKeys.admit(presentedKey, route.action);
      headers = rateLimitHeaders;
      const caller = callerOf({ apiKey, headers: request.headers });
      if (route.action === 'render') {
        const { answer, headers: served } = await this.serving.renderPrompt(route.name, body, caller);
        Object.assign(headers, served, servedHeaders(answer.version, answer.rolloutVariant));
        headers['content-type'] = 'application/json; charset=utf-8';
        send(response, 200, JSON.stringify(answer), headers);
        return;
      }
      const { answer: plan, headers: served } = await this.serving.planRun(route.name, body, caller, 'api');
      Object.assign(headers, served, servedHeaders(plan.log.promptVersion, plan.log.rolloutVariant));
      const signal = abortOnClose(response);
      if (body.stream === true) {
        await writeRunEvents(response, this.core.stream(plan, signal), headers);
        return;
      }
      const answer = await this.core.run(plan, signal);
      headers['content-type'] = 'application/json; charset=utf-8';
      send(response, 200, JSON.stringify(answer), headers);
    } catch (error) {
      this.fail(response, route, error, headers);
    }
  }

  /**
   * `answer`, counted for Prometheus and (tracing on) in a server span continuing the caller's
   * trace, both named like the Nest route's.
   */
  private async instrumented(
    route: ServingRoute,
    request: IncomingMessage,
    response: ServerResponse,
    answer: () => Promise<void>,
  ): Promise<void> {
    const template = route.action === 'render' ? '/api/v1/prompts/:name/render' : '/api/v1/run/:name';
    const started = performance.now();
    try {
      if (!this.tracing.enabled) return await answer();
      const attributes = { 'http.request.method': 'POST', 'http.route': template, 'promptops.prompt.name': route.name };
      await this.tracing.serve(`POST ${template}`, request.headers, attributes, answer, () => response.statusCode);
    } finally {
      this.metrics.observeHttp('POST', template, response.statusCode, (performance.now() - started) / 1000);
    }
  }

  /** The body as Fastify parses and validates it for the Nest route. */
  private parse(text: string, action: ServingRoute['action']): ServingBody {
    const body = parseJsonBody(text, this.config.jsonMaxDepth);
    const validate = this.validate[action];
    if (!validate(body)) throw schemaValidationError(validate.errors as AjvError[]);
    return body;
  }

  private fail(
    response: ServerResponse,
    route: ServingRoute,
    error: unknown,
    rateLimit?: Record<string, string>,
  ): void {
    const instance = route.action === 'render' ? `/api/v1/prompts/${route.name}/render` : `/api/v1/run/${route.name}`;
    const { problem, headers } = answerProblem(error, 'POST', instance, this.logger);
    send(response, problem.status, JSON.stringify(problem), { ...rateLimit, ...headers });
  }
}

/** Writes a whole answer; `headers` (a fresh object, with the content type) gets its length. */
function send(response: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (response.headersSent || response.destroyed) return;
  headers['content-length'] = String(Buffer.byteLength(body));
  // Of the security headers on the Nest route's answers, the one that matters for JSON.
  headers['x-content-type-options'] = 'nosniff';
  response.writeHead(status, headers);
  response.end(body);
}
