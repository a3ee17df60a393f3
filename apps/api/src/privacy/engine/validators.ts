/**
 * Validators: the checks that separate personal data from look-alikes once a recognizer's pattern
 * has found a candidate. Pure functions, no I/O.
 */
import { isValidIBAN } from 'ibantools';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer ranges (IIN prefixes) and the lengths each network issues. */
const CARD_NETWORKS: { name: string; test: (d: string) => boolean; lengths: number[] }[] = [
  { name: 'visa', test: (d) => d[0] === '4', lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    test: (d) => {
      const p2 = Number(d.slice(0, 2));
      const p4 = Number(d.slice(0, 4));
      return (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720);
    },
    lengths: [16],
  },
  { name: 'amex', test: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15] },
  {
    name: 'discover',
    test: (d) => {
      const p3 = Number(d.slice(0, 3));
      return d.startsWith('6011') || d.startsWith('65') || (p3 >= 644 && p3 <= 649);
    },
    lengths: [16, 17, 18, 19],
  },
  {
    name: 'jcb',
    test: (d) => {
      const p4 = Number(d.slice(0, 4));
      return p4 >= 3528 && p4 <= 3589;
    },
    lengths: [16, 17, 18, 19],
  },
  { name: 'unionpay', test: (d) => d.startsWith('62'), lengths: [16, 17, 18, 19] },
  {
    name: 'diners',
    test: (d) => d.startsWith('36') || d.startsWith('38') || /^30[0-5]/.test(d),
    lengths: [14],
  },
];

/** The card network of a digit string whose prefix and length fit a known issuer range, if any. */
export function cardNetwork(digits: string): string | undefined {
  return CARD_NETWORKS.find((n) => n.lengths.includes(digits.length) && n.test(digits))?.name;
}

/** A payment card number: a known issuer range with a length it issues, and a valid Luhn check. */
export function cardNumberValid(digits: string): boolean {
  // UnionPay cards do not all carry a Luhn check digit; we still require it (precision first).
  return cardNetwork(digits) !== undefined && luhnValid(digits);
}

/** ISO 13616 IBAN (no spaces): known country, its length and BBAN format, mod-97 == 1 (ibantools). */
export function ibanValid(compact: string): boolean {
  return isValidIBAN(compact);
}

/** Weights of GB 11643-1999 for the 17 body digits; the check character is `10X98765432`[sum % 11]. */
const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_ID_CHECK = '10X98765432';
/** Province codes (first two digits) in use, plus 71/81/82/83 (Taiwan, Hong Kong, Macau residence permits). */
const CN_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83,
]);

/** The GB 11643-1999 check character of the first 17 digits. */
export function cnResidentIdCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i];
  return CN_ID_CHECK[sum % 11];
}

/** A real calendar date, not before 1900 and not after `today`. */
export function birthDateValid(year: number, month: number, day: number, today: Date = new Date()): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return date.getTime() <= today.getTime();
}

/** An 18-character PRC resident identity number: province code, real birth date, GB 11643 check digit. */
export function cnResidentIdValid(id: string, today?: Date): boolean {
  if (!/^[1-8]\d{16}[\dX]$/i.test(id)) return false;
  if (!CN_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!birthDateValid(year, month, day, today)) return false;
  return cnResidentIdCheckChar(id.slice(0, 17)) === id[17].toUpperCase();
}

/**
 * Verdicts of libphonenumber by `country|candidate`. Parsing costs tens of microseconds (the library
 * builds its regular expressions on every call) and the same numbers recur from request to request
 * (a chat history is sent again on every turn), so verdicts are remembered, up to a bound.
 */
const phoneVerdicts = new Map<string, boolean>();
const MAX_PHONE_VERDICTS = 10_000;

/** Forgets remembered verdicts (the benchmark measures the engine cold and warm). */
export function clearValidatorCaches(): void {
  phoneVerdicts.clear();
}

/**
 * A phone number valid by libphonenumber's full ("max") metadata: the number's own pattern for its
 * country and type, not only its length. `country` is the default for numbers without `+`.
 */
export function phoneValid(candidate: string, country?: CountryCode): boolean {
  const key = `${country ?? ''}|${candidate}`;
  let valid = phoneVerdicts.get(key);
  if (valid === undefined) {
    const parsed = parsePhoneNumberFromString(candidate, country);
    valid = parsed !== undefined && parsed.isValid();
    if (phoneVerdicts.size >= MAX_PHONE_VERDICTS) phoneVerdicts.delete(phoneVerdicts.keys().next().value as string);
    phoneVerdicts.set(key, valid);
  }
  return valid;
}
