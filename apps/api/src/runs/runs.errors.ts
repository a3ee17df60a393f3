import { ErrorCode } from '@promptops/shared';
import { DomainError, NotFoundError } from '../common/problem/domain.error';

export class RunNotFoundError extends NotFoundError {
  constructor(id: number) {
    super(ErrorCode.RUN_NOT_FOUND, `Run ${id} does not exist`);
  }
}

/** A version without a provider and model can be rendered, not run. */
export class ModelNotConfiguredError extends DomainError {
  constructor(prompt: string | null, version: number | null) {
    super(
      409,
      ErrorCode.MODEL_NOT_CONFIGURED,
      'Conflict',
      `Version ${version} of "${prompt}" names no model: set modelConfig.provider and modelConfig.model`,
    );
  }
}

/** The server is stopping: runs under way may end, new ones go to another replica. */
export class ShuttingDownError extends DomainError {
  constructor() {
    super(503, ErrorCode.SERVICE_UNAVAILABLE, 'Service Unavailable', 'The server is shutting down; retry the call');
  }
}

/** The model answered, but the run log could not be written: the answer is withheld, never unlogged. */
export class RunLogUnavailableError extends DomainError {
  constructor() {
    super(
      503,
      ErrorCode.SERVICE_UNAVAILABLE,
      'Service Unavailable',
      'The run could not be written to the run log (the database did not answer); retry the call',
    );
  }
}
