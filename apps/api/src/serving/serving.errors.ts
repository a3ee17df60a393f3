import { ErrorCode } from '@promptops/shared';
import { DomainError } from '../common/problem/domain.error';

/** A key restricted to one environment serves only what that environment deploys. */
export class ApiKeyEnvironmentMismatchError extends DomainError {
  constructor(
    keyEnvironment: string,
    asked: { environment: string } | { prompt: string; version: number; served: number },
  ) {
    super(
      403,
      ErrorCode.API_KEY_ENVIRONMENT_MISMATCH,
      'Forbidden',
      'environment' in asked
        ? `This API key only works in "${keyEnvironment}", not "${asked.environment}"`
        : `This API key only works in "${keyEnvironment}", which serves version ${asked.served} of "${asked.prompt}", not version ${asked.version}`,
    );
  }
}
