import type { IncomingMessage, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import Ajv, { ValidateFunction } from 'ajv';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { apiKeyRefusal } from '../auth/jwt-auth.guard';
import { RateLimiter } from '../cluster/rate-limiter';
import { parseJsonBody } from '../common/http/json-body';
import { DomainError } from '../common/problem/domain.error';
import { AjvError, Problem, problemOf, schemaValidationError } from '../common/problem/problem.filter';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RENDER_PROMPT_BODY_SCHEMA, ServingBody, SERVING_AJV_OPTIONS } from './dto/serving-body.schemas';
import { endUserOf } from './serving.controller';
import { ServingService } from './serving.service';

const RENDER_PATH = /^\/api\/v1\/prompts\/([A-Za-z0-9._-]+)\/render(?:\?|$)/;
const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

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
    private readonly rateLimiter: RateLimiter,
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
    const match = RENDER_PATH.exec(request.url as string);
    const key = request.headers['x-api-key'];
    if (!match || typeof key !== 'string') return false;
    const contentType = request.headers['content-type'];
    if (!contentType || !/^application\/json\s*(;|$)/i.test(contentType)) return false;
    const length = Number(request.headers['content-length']);
    if (!(length > 0 && length <= this.config.bodyLimitBytes)) return false;

    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    // A client gone mid-body: nothing to answer, and no unhandled 'error' event.
    request.on('error', () => response.destroy());
    request.on('end', () => void this.render(response, match[1], key, endUserOf(request.headers), text));
    return true;
  }

  private async render(
    response: ServerResponse,
    name: string,
    presentedKey: string,
    endUser: string | undefined,
    text: string,
  ): Promise<void> {
    let headers: Record<string, string> | undefined;
    try {
      const body = this.parse(text);
      const apiKey = await this.apiKeys.authenticate(presentedKey, 'render');
      headers = await this.rateLimiter.consume(`key:${apiKey.prefix}`, apiKey.rateLimitPerMinute, apiKeyRefusal);
      const answer = await this.serving.renderPrompt(name, body, { apiKey, endUser });
      send(response, 200, JSON_TYPE, JSON.stringify(answer), headers);
    } catch (error) {
      this.fail(response, name, error, headers);
    }
  }

  /** The body as Fastify parses and validates it for the Nest route. */
  private parse(text: string): ServingBody {
    const body = parseJsonBody(text);
    if (!this.validate(body)) throw schemaValidationError(this.validate.errors as AjvError[]);
    return body;
  }

  private fail(response: ServerResponse, name: string, error: unknown, headers?: Record<string, string>): void {
    const problem: Problem = problemOf(error);
    problem.instance = `/api/v1/prompts/${name}/render`;
    if (problem.status === 500) {
      this.logger.error(`POST ${problem.instance} failed`, error instanceof Error ? error.stack : String(error));
    } else if (problem.status > 500) {
      this.logger.warn(`POST ${problem.instance}: ${problem.status} ${problem.code}: ${problem.detail}`);
    }
    const extra: Record<string, string> = { ...headers, ...(error instanceof DomainError ? error.headers : {}) };
    if (problem.status === 401) extra['www-authenticate'] = 'Bearer';
    send(response, problem.status, PROBLEM_TYPE, JSON.stringify(problem), extra);
  }
}

/** Writes a whole answer; `headers` (a fresh object) gets the content headers added. */
function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers?: Record<string, string>,
): void {
  if (response.headersSent || response.destroyed) return;
  const head = headers ?? {};
  head['content-type'] = contentType;
  head['content-length'] = String(Buffer.byteLength(body));
  response.writeHead(status, head);
  response.end(body);
}
