import { ErrorCode } from '@promptops/shared';
import { BadRequestError, DomainError, FieldError } from '../common/problem/domain.error';

/** The policy says `block` for a type found in the input: refused before any model call. */
export class PiiBlockedError extends DomainError {
  constructor(readonly entityTypes: string[]) {
    super(
      422,
      ErrorCode.PII_BLOCKED,
      'Unprocessable Content',
      `The input contains personal data that the privacy policy blocks: ${entityTypes.join(', ')}`,
      undefined,
      { entityTypes },
    );
  }
}

/** A policy with an unknown action, a bad entity name or a custom pattern that does not compile. */
export class PrivacyPolicyInvalidError extends BadRequestError {
  constructor(errors: FieldError[]) {
    super(ErrorCode.PRIVACY_POLICY_INVALID, `${errors[0].field}: ${errors[0].message}`, errors);
  }
}
