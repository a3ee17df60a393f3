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
