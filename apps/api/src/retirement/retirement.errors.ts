import { ErrorCode } from '@promptops/shared';
import { BadRequestError, DomainError } from '../common/problem/domain.error';
import { RetirementNotice, retirementHeaders, successorUrl } from './retirement-notice';

/** A deprecated prompt past its sunset, configured to answer 410: names its successor, if any. */
export class PromptSunsetError extends DomainError {
  constructor(notice: RetirementNotice) {
    const when = new Date(notice.sunsetAt as number).toISOString();
    super(
      410,
      ErrorCode.PROMPT_SUNSET,
      'Gone',
      notice.successor
        ? `Prompt "${notice.prompt}" was retired on ${when}; call its successor "${notice.successor}" instead`
        : `Prompt "${notice.prompt}" was retired on ${when} and is no longer served`,
      undefined,
      notice.successor
        ? { successor: notice.successor, successorUrl: successorUrl(notice.successor), sunsetAt: when }
        : { successor: null, sunsetAt: when },
    );
    this.withHeaders(retirementHeaders(notice));
  }
}

/** The successor does not exist, is the prompt itself, is of the other type, or leads back to it. */
export class DeprecationSuccessorInvalidError extends BadRequestError {
  constructor(detail: string) {
    super(ErrorCode.DEPRECATION_SUCCESSOR_INVALID, detail, [{ field: 'successor', message: detail }]);
  }
}

/** A sunset in the past would retire the prompt at once: only with `allowPastSunset: true`. */
export class DeprecationSunsetInPastError extends BadRequestError {
  constructor(sunsetAt: Date) {
    const detail = `The sunset ${sunsetAt.toISOString()} has passed; send "allowPastSunset": true to retire the prompt now`;
    super(ErrorCode.DEPRECATION_SUNSET_IN_PAST, detail, [{ field: 'sunsetAt', message: detail }]);
  }
}
