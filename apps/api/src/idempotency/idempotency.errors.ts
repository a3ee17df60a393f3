import { ErrorCode } from '@promptops/shared';
import { BadRequestError, DomainError } from '../common/problem/domain.error';

export class IdempotencyKeyInvalidError extends BadRequestError {
  constructor() {
    super(
      ErrorCode.IDEMPOTENCY_KEY_INVALID,
      'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice)',
      [{ field: 'Idempotency-Key', message: 'expected 1 to 255 visible ASCII characters' }],
    );
  }
}

/** The key was first used with another request: a client bug, never a retry. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      422,
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      'Unprocessable Content',
      'This Idempotency-Key was used with a different request; use a new key for a new request',
    );
  }
}

/** The first request with this key is still running: retry once it has answered. */
export class IdempotencyKeyInUseError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      409,
      ErrorCode.IDEMPOTENCY_KEY_IN_USE,
      'Conflict',
      'A request with this Idempotency-Key is still running; retry when it has answered',
      undefined,
      { retryAfter: retryAfterSeconds },
    );
    this.withHeaders({ 'retry-after': String(retryAfterSeconds) });
  }
}
