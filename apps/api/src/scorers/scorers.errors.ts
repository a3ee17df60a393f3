import { ErrorCode } from '@promptops/shared';
import { BadRequestError } from '../common/problem/domain.error';

/**
 * A scorer that cannot be used as configured, named with the field at fault, e.g.
 * `scorers[1].config.pattern` (the index in the list given) and the scorer's name.
 */
export class ScorerInvalidError extends BadRequestError {
  constructor(code: ErrorCode, index: number, scorer: string, field: string | null, message: string) {
    const path = `scorers[${index}]${field ? `.${field}` : ''}`;
    super(code, `Scorer "${scorer}": ${field ? `${field} ` : ''}${message}`, [{ field: path, message, code }], {
      scorer,
    });
  }
}

export class ScorerNameDuplicateError extends BadRequestError {
  constructor(index: number, scorer: string) {
    super(
      ErrorCode.SCORER_NAME_DUPLICATE,
      `Two scorers are named "${scorer}"; each scorer of an experiment needs a name of its own`,
      [
        {
          field: `scorers[${index}].name`,
          message: 'is already used by another scorer',
          code: ErrorCode.SCORER_NAME_DUPLICATE,
        },
      ],
      { scorer },
    );
  }
}
