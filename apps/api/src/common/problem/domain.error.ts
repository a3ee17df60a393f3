import { ErrorCode } from '@promptops/shared';

export interface FieldError {
  /** Dotted path of the offending input, e.g. `name` or `variables.topic`. */
  field: string;
  message: string;
  code?: string;
}

/**
 * An error the client can act on. Services throw these; the problem filter turns them into
 * RFC 9457 `application/problem+json` with the stable `code`.
 */
export class DomainError extends Error {
  /** Response headers that belong with this error, e.g. Retry-After. */
  headers: Record<string, string> = {};

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }
}

export class NotFoundError extends DomainError {
  constructor(code: ErrorCode, detail: string) {
    super(404, code, 'Not Found', detail);
  }
}

export class ConflictError extends DomainError {
  constructor(code: ErrorCode, detail: string) {
    super(409, code, 'Conflict', detail);
  }
}

export class BadRequestError extends DomainError {
  constructor(code: ErrorCode, detail: string, errors?: FieldError[], extensions?: Record<string, unknown>) {
    super(400, code, 'Bad Request', detail, errors, extensions);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[]) {
    const first = errors[0];
    const detail = first ? `${first.field}: ${first.message}` : 'The request is invalid';
    super(400, ErrorCode.VALIDATION_FAILED, 'Validation Failed', detail, errors);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(detail: string, code: ErrorCode = ErrorCode.UNAUTHORIZED) {
    super(401, code, 'Unauthorized', detail);
  }
}

/** The signed-in user's role lacks the permission an operation needs. */
export class ForbiddenError extends DomainError {
  constructor(permission: string, role: string) {
    super(
      403,
      ErrorCode.FORBIDDEN,
      'Forbidden',
      `This needs the ${permission} permission, which the ${role} role does not have`,
      undefined,
      { permission },
    );
  }
}
