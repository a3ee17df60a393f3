import { ErrorCode } from '@promptops/shared';
import { BadRequestError } from '../common/problem/domain.error';

/** A key restricted to an environment that does not exist would never serve anything. */
export class ApiKeyEnvironmentNotFoundError extends BadRequestError {
  constructor(environment: string) {
    super(ErrorCode.VALIDATION_FAILED, `environment: "${environment}" does not exist`, [
      { field: 'environment', message: `"${environment}" does not exist` },
    ]);
  }
}

/** `GET /api/v1/api-keys/current` describes the key a call is made with; a console session has none. */
export class NotAnApiKeyError extends BadRequestError {
  constructor() {
    super(
      ErrorCode.NOT_AN_API_KEY,
      'This call was not made with an API key: send X-API-Key (a console session is described by GET /api/v1/auth/me)',
    );
  }
}
