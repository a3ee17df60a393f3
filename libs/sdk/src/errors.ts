/** A field-level problem, as problem+json `errors` carry it. */
export interface ProblemFieldError {
  field: string;
  message: string;
  code?: string;
}

/** The RFC 9457 problem+json fields the API answers errors with. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/**
 * Every error the SDK throws. Errors answered by the API carry its problem+json fields; those
 * of the SDK itself (timeout, network) carry the same fields with a status of 0.
 */
export class PromptOpsError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: ProblemFieldError[] | undefined;
  /** The whole problem+json body, extensions included. */
  readonly problem: Problem;

  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(problem.detail || problem.title, options);
    this.name = new.target.name;
    this.problem = problem;
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors;
  }

  /**
   * True for what says the service is unavailable rather than "no": the network, a timeout,
   * a 5xx, a rate limit. A fallback answers these.
   */
  get isOutage(): boolean {
    return false;
  }
}

export class PromptNotFound extends PromptOpsError {}
export class MissingVariables extends PromptOpsError {
  /** The names of the variables that were not given. */
  get variables(): string[] {
    return (this.errors ?? [])
      .filter((error) => error.code === 'MISSING_VARIABLE')
      .map((error) => error.field.replace(/^variables\./, ''));
  }
}
export class Unauthorized extends PromptOpsError {}
export class Forbidden extends PromptOpsError {}

export class RateLimited extends PromptOpsError {
  /** How long the API asked to wait (Retry-After), if it said. */
  readonly retryAfterMs: number | null;

  constructor(problem: Problem, retryAfterMs: number | null) {
    super(problem);
    this.retryAfterMs = retryAfterMs;
  }

  override get isOutage(): boolean {
    return true;
  }
}

export class ServerError extends PromptOpsError {
  override get isOutage(): boolean {
    return true;
  }
}

export class Timeout extends PromptOpsError {
  constructor(what: string, timeoutMs: number) {
    super({ title: 'Timeout', status: 0, code: 'TIMEOUT', detail: `${what} took longer than ${timeoutMs} ms` });
  }

  override get isOutage(): boolean {
    return true;
  }
}

export class NetworkError extends PromptOpsError {
  constructor(what: string, cause: unknown) {
    const reason = cause instanceof Error ? (causeMessage(cause) ?? cause.message) : String(cause);
    super({ title: 'Network error', status: 0, code: 'NETWORK_ERROR', detail: `${what} failed: ${reason}` }, { cause });
  }

  override get isOutage(): boolean {
    return true;
  }
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED…) in its cause. */
function causeMessage(error: Error): string | undefined {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : undefined;
}

/** The typed error for an API answer that is not a success. */
export function errorOf(status: number, body: unknown, retryAfter: string | null): PromptOpsError {
  const problem = problemOf(status, body);
  if (status === 429) return new RateLimited(problem, retryAfterMsOf(retryAfter));
  if (status >= 500) return new ServerError(problem);
  if (status === 401) return new Unauthorized(problem);
  if (status === 403) return new Forbidden(problem);
  if (problem.code === 'MISSING_VARIABLE') return new MissingVariables(problem);
  if (status === 404) return new PromptNotFound(problem);
  return new PromptOpsError(problem);
}

function problemOf(status: number, body: unknown): Problem {
  const given = body && typeof body === 'object' ? (body as Partial<Problem>) : {};
  const title = typeof given.title === 'string' ? given.title : `HTTP ${status}`;
  return {
    ...given,
    status,
    title,
    code: typeof given.code === 'string' ? given.code : `HTTP_${status}`,
    detail: typeof given.detail === 'string' ? given.detail : typeof body === 'string' ? body.slice(0, 500) : title,
  };
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMsOf(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
