import { ErrorCode } from '@promptops/shared';
import { ConflictError, DomainError, NotFoundError } from '../common/problem/domain.error';

export class PromptNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(ErrorCode.PROMPT_NOT_FOUND, `Prompt "${name}" does not exist`);
  }
}

export class PromptAlreadyExistsError extends ConflictError {
  constructor(name: string) {
    super(ErrorCode.PROMPT_ALREADY_EXISTS, `A prompt named "${name}" already exists; choose another name`);
  }
}

export class PromptDisabledError extends ConflictError {
  constructor(name: string) {
    super(ErrorCode.PROMPT_DISABLED, `Prompt "${name}" is disabled; enable it before changing it`);
  }
}

/** On the serving paths: a disabled prompt is gone for callers until someone enables it again. */
export class PromptRetiredError extends DomainError {
  constructor(name: string) {
    super(410, ErrorCode.PROMPT_RETIRED, 'Gone', `Prompt "${name}" is disabled and no longer served`);
  }
}

/** A prompt's versions are made through the prompts API, a flow's through the flows API. */
export class PromptTypeConflictError extends ConflictError {
  constructor(name: string, actual: 'prompt' | 'flow') {
    super(
      ErrorCode.PROMPT_TYPE_CONFLICT,
      actual === 'flow'
        ? `"${name}" is a flow: create its versions with POST /api/v1/flows/${name}/versions`
        : `"${name}" is a prompt, not a flow: create its versions with POST /api/v1/prompts/${name}/versions`,
    );
  }
}

export class VersionNotFoundError extends NotFoundError {
  constructor(name: string, version: number) {
    super(ErrorCode.VERSION_NOT_FOUND, `Prompt "${name}" has no version ${version}`);
  }
}

export class VersionStatusConflictError extends DomainError {
  constructor(name: string, version: number, detail: string) {
    super(409, ErrorCode.VERSION_STATUS_CONFLICT, 'Conflict', `Version ${version} of "${name}" ${detail}`);
  }
}
