import { ErrorCode, ExperimentStatus } from '@promptops/shared';
import { BadRequestError, ConflictError, NotFoundError } from '../common/problem/domain.error';

export class ExperimentNotFoundError extends NotFoundError {
  constructor(id: number) {
    super(ErrorCode.EXPERIMENT_NOT_FOUND, `Experiment ${id} does not exist`);
  }
}

export interface MissingVariable {
  variant: number;
  variable: string;
  itemsMissing: number;
}

/** Some items lack a variable a variant's version requires: those runs could only fail. */
export class ExperimentVariablesMissingError extends BadRequestError {
  constructor(missing: MissingVariable[], labels: string[]) {
    const named = missing
      .slice(0, 5)
      .map(
        (m) =>
          `${labels[m.variant]} needs "${m.variable}" (${m.itemsMissing} item${m.itemsMissing === 1 ? '' : 's'} lack it)`,
      )
      .join('; ');
    super(
      ErrorCode.EXPERIMENT_VARIABLES_MISSING,
      `Items lack required variables: ${named}`,
      missing.map((m) => ({
        field: `variants.${m.variant}`,
        message: `${m.itemsMissing} item(s) lack "${m.variable}"`,
        code: ErrorCode.MISSING_VARIABLE,
      })),
      { missingVariables: missing },
    );
  }
}

export class ExperimentStateConflictError extends ConflictError {
  constructor(id: number, status: ExperimentStatus, action: string) {
    super(
      ErrorCode.EXPERIMENT_STATE_CONFLICT,
      `Experiment ${id} is ${status.replace('_', ' ')}: it cannot be ${action}`,
    );
  }
}

export class ExperimentTooLargeError extends BadRequestError {
  constructor(total: number, max: number) {
    super(
      ErrorCode.EXPERIMENT_TOO_LARGE,
      `The experiment would make ${total.toLocaleString('en')} results; at most ${max.toLocaleString('en')} are allowed (use fewer items, variants or repetitions)`,
    );
  }
}
