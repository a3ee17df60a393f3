import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError, ValidationFailedError } from './domain.error';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://promptops.dev/problems/';

/** Fastify's own errors (body parsing, limits) carry a `code` like FST_ERR_CTP_BODY_TOO_LARGE. */
const FASTIFY_ERRORS: Record<string, { status: number; code: ErrorCode; detail: (e: Error) => string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    detail: () => 'The request body is larger than the server accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    detail: (e) => `${e.message}; send application/json`,
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: ErrorCode.BAD_REQUEST,
    detail: () => 'The body is empty but Content-Type is application/json',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: ErrorCode.BAD_REQUEST,
    detail: (e) => `The body is not valid JSON: ${e.message}`,
  },
};

/**
 * Every error leaves the API as RFC 9457 application/problem+json with a stable `code`. Under
 * `flatErrorPaths` (webhooks: no-code tools show a flat field far more easily than `detail`)
 * the problem also carries `error`, the detail again; here rather than in the route, so that
 * errors raised before the handler runs (a malformed body, an unknown route) carry it too.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  constructor(private readonly flatErrorPaths: string[] = []) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const { problem, headers } = answerProblem(exception, request.method, request.url.split('?')[0], this.logger);
    if (this.flatErrorPaths.some((prefix) => request.url.startsWith(prefix))) problem.error = problem.detail;
    if (reply.sent) return;
    reply.status(problem.status).headers(headers);
    reply.send(JSON.stringify(problem));
  }
}

/**
 * The answer to a failed request at `instance`: its problem, logged when it is the server's
 * (500: a bug, with its stack) or an upstream's fault, and the headers it goes with.
 */
export function answerProblem(
  exception: unknown,
  method: string,
  instance: string,
  logger: Logger,
): { problem: Problem; headers: Record<string, string> } {
  const problem = problemOf(exception);
  problem.instance = instance;
  if (problem.status === 500) {
    logger.error(`${method} ${instance} failed`, exception instanceof Error ? exception.stack : String(exception));
  } else if (problem.status > 500) {
    // An upstream failure (model provider, database) already described in the answer.
    logger.warn(`${method} ${instance}: ${problem.status} ${problem.code}: ${problem.detail}`);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json; charset=utf-8',
    ...(exception instanceof DomainError ? exception.headers : {}),
  };
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer';
  return { problem, headers };
}

/** The RFC 9457 body for any error: the HTTP answer's and a streamed `error` event's. */
export function problemOf(exception: unknown): Problem {
  if (exception instanceof DomainError) {
    return {
      type: TYPE_BASE + slug(exception.code),
      title: exception.title,
      status: exception.status,
      detail: exception.detail,
      code: exception.code,
      ...(exception.errors ? { errors: exception.errors } : {}),
      ...exception.extensions,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);

  const fastify = fastifyError(exception);
  if (fastify) return fastify;

  return {
    type: TYPE_BASE + slug(ErrorCode.INTERNAL_ERROR),
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred; it has been logged',
    code: ErrorCode.INTERNAL_ERROR,
  };
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : Array.isArray((response as { message?: unknown }).message)
        ? ((response as { message: string[] }).message.join('; ') as string)
        : String((response as { message?: unknown }).message ?? exception.message);
  const code = httpStatusCode(status, message);
  return {
    type: TYPE_BASE + slug(code),
    title: statusTitle(status),
    status,
    detail: message,
    code,
  };
}

export interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: { additionalProperty?: string; missingProperty?: string };
}

/** ajv keywords that fail the same way as a class-validator check, named as that check. */
const AJV_CODES: Record<string, string> = { required: 'isDefined', additionalProperties: 'whitelistValidation' };

/** Route-schema (ajv) failures, in the same shape (and with the same codes) as the class-validator ones. */
export function schemaValidationError(errors: AjvError[]): DomainError {
  const fields: FieldError[] = errors.map((e) => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const code = AJV_CODES[e.keyword] ?? e.keyword;
    if (e.keyword === 'additionalProperties') {
      const field = [path, e.params.additionalProperty].filter(Boolean).join('.');
      // The usual cause at the top level: template variables sent flat, as webhooks take them.
      const hint = path ? '' : `; template variables go under "variables", e.g. {"variables": {"${field}": …}}`;
      return { field, message: `property ${field} should not exist${hint}`, code };
    }
    const field = path || e.params.missingProperty || 'body';
    return { field, message: `${field} ${e.message ?? 'is invalid'}`, code };
  });
  return new ValidationFailedError(fields);
}

function fastifyError(exception: unknown): Problem | undefined {
  if (!(exception instanceof Error)) return undefined;
  const { code, statusCode, validation } = exception as Error & {
    code?: string;
    statusCode?: number;
    validation?: AjvError[];
  };
  if (validation?.length) return problemOf(schemaValidationError(validation));
  const known = code ? FASTIFY_ERRORS[code] : undefined;
  if (known) {
    return {
      type: TYPE_BASE + slug(known.code),
      title: statusTitle(known.status),
      status: known.status,
      detail: known.detail(exception),
      code: known.code,
    };
  }
  if (exception instanceof SyntaxError && statusCode === 400) {
    return {
      type: TYPE_BASE + slug(ErrorCode.BAD_REQUEST),
      title: 'Bad Request',
      status: 400,
      detail: `The body is not valid JSON: ${exception.message}`,
      code: ErrorCode.BAD_REQUEST,
    };
  }
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    return {
      type: TYPE_BASE + slug(ErrorCode.BAD_REQUEST),
      title: statusTitle(statusCode),
      status: statusCode,
      detail: exception.message,
      code: ErrorCode.BAD_REQUEST,
    };
  }
  return undefined;
}

function httpStatusCode(status: number, message: string): ErrorCode {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return message.startsWith('Cannot ') ? ErrorCode.ROUTE_NOT_FOUND : ErrorCode.NOT_FOUND;
    case HttpStatus.UNAUTHORIZED:
      return ErrorCode.UNAUTHORIZED;
    case HttpStatus.FORBIDDEN:
      return ErrorCode.FORBIDDEN;
    case HttpStatus.CONFLICT:
      return ErrorCode.CONFLICT;
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case HttpStatus.UNSUPPORTED_MEDIA_TYPE:
      return ErrorCode.UNSUPPORTED_MEDIA_TYPE;
    case HttpStatus.TOO_MANY_REQUESTS:
      return ErrorCode.TOO_MANY_REQUESTS;
    default:
      return status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
  }
}

function statusTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    410: 'Gone',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return titles[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

function slug(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}
