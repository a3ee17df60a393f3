import type { IncomingMessage, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { parseJsonBody } from '../common/http/json-body';
import { AjvError, answerProblem, schemaValidationError } from '../common/problem/problem.filter';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RENDER_PROMPT_BODY_SCHEMA, ServingBody, SERVING_AJV_OPTIONS } from './dto/serving-body.schemas';
import { matchRenderRoute } from './render-route';
import { callerOf } from './serving.controller';
import { ServingService } from './serving.service';

/**
 * The hot serving call, `POST /api/v1/prompts/{name}/render` with an `X-API-Key`, answered
 * straight from Node's request before Fastify and Nest see it: their per-request pipeline
 * (hooks, guard, pipes, interceptors, reply) costs more than the work itself. It does what the
 * Nest route does, in the same order and through the same services: the body schema, the key
 * and its scope, the rate limit, resolution and rendering, problem+json errors. Requests it
 * cannot take whole (console sessions, other content types, bodies without Content-Length or
 * over the limit) go on to Fastify unchanged, which answers them as before.
 */
@Injectable()
export class ServingFastPath implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ServingFastPath');
  private readonly validate: ValidateFunction<ServingBody>;
  /** Once the app shuts down, requests go to Fastify, which answers 503 while closing. */
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly serving: ServingService,
  ) {
    this.validate = new Ajv(SERVING_AJV_OPTIONS).compile<ServingBody>(RENDER_PROMPT_BODY_SCHEMA);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** Answers the request and returns true, or returns false and leaves it untouched. */
  handle(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.method !== 'POST' || this.closing) return false;
    const name = matchRenderRoute(request.url as string);
    const key = request.headers['x-api-key'];
    if (!name || typeof key !== 'string') return false;
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
      this.render(response, name, key, request, text).catch((error: unknown) => {
        // Even the problem answer failed: a bug. Log it and close the connection rather than hang.
        this.logger.error('Answering a render failed', error instanceof Error ? error.stack : String(error));
        response.destroy();
      });
    });
    return true;
  }

  private async render(
    response: ServerResponse,
    name: string,
    presentedKey: string,
    request: IncomingMessage,
    text: string,
  ): Promise<void> {
    let headers: Record<string, string> | undefined;
    try {
      const body = this.parse(text);
      const { apiKey, rateLimitHeaders } = await this.apiKeys.admit(presentedKey, 'render');
      headers = rateLimitHeaders;
      const answer = await this.serving.renderPrompt(name, body, callerOf({ apiKey, headers: request.headers }));
      headers['content-type'] = 'application/json; charset=utf-8';
      send(response, 200, JSON.stringify(answer), headers);
    } catch (error) {
      this.fail(response, name, error, headers);
    }
  }

  /** The body as Fastify parses and validates it for the Nest route. */
  private parse(text: string): ServingBody {
    const body = parseJsonBody(text, this.config.jsonMaxDepth);
    if (!this.validate(body)) throw schemaValidationError(this.validate.errors as AjvError[]);
    return body;
  }

  private fail(response: ServerResponse, name: string, error: unknown, rateLimit?: Record<string, string>): void {
    const instance = `/api/v1/prompts/${name}/render`;
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
