import { ErrorCode } from '@promptops/shared';
import { BadRequestError, DomainError, FieldError } from '../common/problem/domain.error';

/** Something in the bundle the import refuses, named by its path (`bundle.prompts.2.versions.0.template`). */
export class TransferBundleInvalidError extends BadRequestError {
  constructor(field: string, message: string) {
    super(ErrorCode.VALIDATION_FAILED, `${field}: ${message}`, [{ field, message }]);
  }
}

/**
 * A 400 from the rules an import reuses (template syntax, variable declarations, flow issues),
 * with its fields moved under the bundle path of the thing that failed; `fallback` is the field
 * to name when the error names none (a text template's syntax error).
 */
export function underBundlePath(path: string, error: DomainError, fallback: string): DomainError {
  const own = typeof error.extensions.field === 'string' ? error.extensions.field : fallback;
  const errors: FieldError[] = error.errors?.length
    ? error.errors.map((e) => ({ ...e, field: `${path}.${e.field}` }))
    : [{ field: `${path}.${own}`, message: error.detail }];
  return new BadRequestError(error.code, `${path}: ${error.detail}`, errors, {
    ...error.extensions,
    field: errors[0].field,
  });
}

/** An API key without a scope a part of the request needs (deploying needs `deploy`). */
export class TransferScopeMissingError extends DomainError {
  constructor(scope: string, why: string) {
    super(
      403,
      ErrorCode.API_KEY_SCOPE_MISSING,
      'Forbidden',
      `This API key lacks the "${scope}" scope, which ${why} needs`,
    );
  }
}
