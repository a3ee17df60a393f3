import { ErrorCode } from '@promptops/shared';
import { BadRequestError, ConflictError, DomainError, NotFoundError } from '../common/problem/domain.error';

export class ProviderNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(ErrorCode.PROVIDER_NOT_FOUND, `Provider "${name}" does not exist`);
  }
}

/** A run names a provider that does not exist: the request is wrong, not the URL. */
export class UnknownProviderError extends BadRequestError {
  constructor(name: string) {
    super(ErrorCode.PROVIDER_NOT_FOUND, `Provider "${name}" does not exist; add it under Providers first`, [
      { field: 'provider', message: `no provider named "${name}"` },
    ]);
  }
}

export class ProviderAlreadyExistsError extends ConflictError {
  constructor(name: string) {
    super(ErrorCode.PROVIDER_ALREADY_EXISTS, `A provider named "${name}" already exists; choose another name`);
  }
}

export class ProviderDisabledError extends DomainError {
  constructor(name: string) {
    super(
      400,
      ErrorCode.PROVIDER_DISABLED,
      'Bad Request',
      `Provider "${name}" is disabled; enable it to call its models`,
    );
  }
}

export class ModelNotAllowedError extends BadRequestError {
  constructor(provider: string, model: string, allowed: string[]) {
    super(
      ErrorCode.MODEL_NOT_ALLOWED,
      `Provider "${provider}" does not offer model "${model}"; it offers ${allowed.join(', ')}`,
      [{ field: 'model', message: `not one of the models of "${provider}"` }],
      { allowed },
    );
  }
}
