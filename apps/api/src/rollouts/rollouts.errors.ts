import { ErrorCode } from '@promptops/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../common/problem/domain.error';

export class RolloutNotFoundError extends NotFoundError {
  constructor(prompt: string, environment: string, id?: number) {
    super(
      ErrorCode.ROLLOUT_NOT_FOUND,
      id
        ? `Prompt "${prompt}" has no rollout ${id} in "${environment}"`
        : `Prompt "${prompt}" has no active rollout in "${environment}"`,
    );
  }
}

export class RolloutAlreadyActiveError extends ConflictError {
  constructor(prompt: string, environment: string, id: number) {
    super(
      ErrorCode.ROLLOUT_ALREADY_ACTIVE,
      `Prompt "${prompt}" already has rollout ${id} active in "${environment}"; promote or abort it first`,
    );
  }
}

/** A start or change that cannot be served: a weight out of range, a version that is not published… */
export class RolloutInvalidError extends BadRequestError {
  constructor(detail: string, field: string) {
    super(ErrorCode.ROLLOUT_INVALID, detail, [{ field, message: detail }]);
  }
}

export class RolloutStateConflictError extends ConflictError {
  constructor(id: number, status: string, action: string) {
    super(ErrorCode.ROLLOUT_STATE_CONFLICT, `Rollout ${id} is ${status}; it cannot ${action}`);
  }
}
