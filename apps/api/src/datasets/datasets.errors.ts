import { ErrorCode } from '@promptops/shared';
import { BadRequestError, ConflictError, DomainError, FieldError, NotFoundError } from '../common/problem/domain.error';

export class DatasetNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(ErrorCode.DATASET_NOT_FOUND, `Dataset "${name}" does not exist`);
  }
}

export class DatasetAlreadyExistsError extends ConflictError {
  constructor(name: string) {
    super(ErrorCode.DATASET_ALREADY_EXISTS, `A dataset named "${name}" already exists; choose another name`);
  }
}

export class DatasetVersionNotFoundError extends NotFoundError {
  constructor(name: string, version: number) {
    super(ErrorCode.DATASET_VERSION_NOT_FOUND, `Dataset "${name}" has no version ${version}`);
  }
}

export class DatasetItemNotFoundError extends NotFoundError {
  constructor(name: string, itemKey: string) {
    super(ErrorCode.DATASET_ITEM_NOT_FOUND, `Dataset "${name}" has no item "${itemKey}" in its latest version`);
  }
}

/** Items that break the dataset's rules; `errors` name each (`items[3].input/tone`). */
export class DatasetItemInvalidError extends BadRequestError {
  constructor(errors: FieldError[]) {
    const first = errors[0];
    super(
      ErrorCode.DATASET_ITEM_INVALID,
      errors.length > 1
        ? `${first.field}: ${first.message} (and ${errors.length - 1} more)`
        : `${first.field}: ${first.message}`,
      errors,
    );
  }
}

/** Not a JSON Schema (2020-12) that can be compiled, or one that the current items do not satisfy. */
export class DatasetSchemaInvalidError extends BadRequestError {
  constructor(detail: string, errors?: FieldError[]) {
    super(ErrorCode.DATASET_SCHEMA_INVALID, detail, errors);
  }
}

/** A file that cannot be imported; `line` and `column` (1-based) say where, when known. */
export class DatasetImportInvalidError extends BadRequestError {
  constructor(message: string, where: { line?: number; column?: number | string } = {}) {
    const at = [
      where.line !== undefined ? `line ${where.line}` : null,
      where.column !== undefined ? `column ${where.column}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    super(ErrorCode.DATASET_IMPORT_INVALID, at ? `${at}: ${message}` : message, undefined, {
      line: where.line ?? null,
      column: where.column ?? null,
    });
  }
}

export class DatasetImportTooLargeError extends DomainError {
  constructor(limitBytes: number) {
    super(
      413,
      ErrorCode.PAYLOAD_TOO_LARGE,
      'Payload Too Large',
      `The file is larger than ${Math.round(limitBytes / (1024 * 1024))} MB`,
    );
  }
}
