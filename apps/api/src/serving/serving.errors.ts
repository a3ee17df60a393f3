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

/** One caller holds at most so many event streams on a replica: an SDK needs one. */
export class EventStreamsLimitError extends DomainError {
  constructor(limit: number) {
    super(
      429,
      ErrorCode.EVENT_STREAMS_LIMIT,
      'Too Many Requests',
      `This caller already has ${limit} open event streams here; close one (a client needs one stream for all its prompts)`,
    );
    this.withHeaders({ 'retry-after': '30' });
  }
}

/** An event stream lists at most so many prompts (the SDK subscribes to those it caches). */
export class TooManyPromptsError extends DomainError {
  constructor(limit: number) {
    super(400, ErrorCode.VALIDATION_FAILED, 'Bad Request', `List at most ${limit} prompts in "prompts"`, [
      { field: 'prompts', message: `at most ${limit} prompt names` },
    ]);
  }
}
