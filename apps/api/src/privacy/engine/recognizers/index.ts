import { cnResidentIdRecognizer } from './cn-resident-id.recognizer';
import { creditCardRecognizer } from './credit-card.recognizer';
import { emailRecognizer } from './email.recognizer';
import { ibanRecognizer } from './iban.recognizer';
import { ipAddressRecognizer } from './ip-address.recognizer';
import { phoneRecognizer } from './phone.recognizer';
import type { Recognizer } from './recognizer';

/**
 * The built-in recognizers, most specific first: when two detections cover the same span with the
 * same length, the earlier type in this list wins (an 18-digit ID is not also a card or a phone).
 */
export const BUILT_IN_RECOGNIZERS: readonly Recognizer[] = [
  cnResidentIdRecognizer,
  ibanRecognizer,
  creditCardRecognizer,
  emailRecognizer,
  ipAddressRecognizer,
  phoneRecognizer,
];

export { customRecognizer, customRecognizerProblem, InvalidCustomRecognizerError } from './custom.recognizer';
export type { Recognizer } from './recognizer';
