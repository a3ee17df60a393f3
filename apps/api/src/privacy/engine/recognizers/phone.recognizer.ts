import type { CountryCode } from 'libphonenumber-js/max';
import type { Detection } from '../types';
import { phoneValid } from '../validators';
import { detection, isDigit, standsAlone, type Recognizer } from './recognizer';

/** `+` or `00`, a country code, then digit groups with single separators (`+1 415 555 2671`, `+86-138…`). */
const INTERNATIONAL =
  /(?<![0-9A-Za-z_+])(?:\+|00)[1-9][0-9]{0,3}(?:[ .-]?(?:\([0-9]{1,4}\)|[0-9]{1,8})){1,6}(?![0-9])/g;
/** Mainland China mobile: 1[3-9]x xxxx xxxx, run together or with spaces/dashes. */
const CN_MOBILE = /(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])/g;
/** North American: (415) 555-2671, 415-555-2671, 415.555.2671, 1 415 555 2671. Separators required. */
const NANP = /(?<![0-9])(?:1[ .-]?)?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}(?![0-9])/g;
/** National numbers with a trunk 0 and separators: 020 7946 0958, 030 12345678, 06 12 34 56 78, 010-12345678. */
const TRUNK_ZERO = /(?<![0-9A-Za-z_+])0[1-9][0-9]{0,4}(?:[ .-][0-9]{2,8}){1,4}(?![0-9])/g;

/** Countries whose national numbers start with a trunk 0 (or, for Italy, a leading 0) that we try in turn. */
const TRUNK_ZERO_COUNTRIES: CountryCode[] = ['GB', 'DE', 'FR', 'CN', 'NL', 'IT', 'BE', 'AT', 'CH', 'IE', 'SE'];

/** 2024-01-15, 15.01.2024, 01/02/24: dates, never phone numbers. */
const DATE_SHAPED = /^(?:[0-9]{4}([./-])[0-9]{1,2}\1[0-9]{1,2}|[0-9]{1,2}([./-])[0-9]{1,2}\2[0-9]{2,4})$/;

/** Ends of `candidate`'s prefixes that stop at a group boundary, longest first (the whole first). */
function groupEnds(candidate: string): number[] {
  const ends = [candidate.length];
  for (let i = candidate.length - 1; i > 0; i--) {
    if (' .-'.includes(candidate[i]) && candidate[i - 1] !== ' ') ends.push(i);
  }
  return ends;
}

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++;
  return n;
}

/** `… 0044 0532 0130 01`: a group that continues a run of digit groups (an IBAN, a card) is no phone. */
function continuesDigitGroups(text: string, start: number): boolean {
  return ' .-'.includes(text[start - 1] ?? 'x') && isDigit(text[start - 2]);
}

function push(found: Detection[], text: string, start: number, end: number): void {
  found.push(detection('PHONE', text, start, end));
}

export const phoneRecognizer: Recognizer = {
  type: 'PHONE',
  find(text: string): Detection[] {
    const found: Detection[] = [];
    for (const m of text.matchAll(INTERNATIONAL)) {
      // "+86 138 1234 5678 2 times": the pattern may swallow a following number; shorten by groups.
      for (const len of groupEnds(m[0])) {
        const value = m[0].slice(0, len);
        if (digitCount(value) < 8) break;
        const end = m.index + len;
        if (!standsAlone(text, m.index, end)) continue;
        if (phoneValid(value.startsWith('00') ? `+${value.slice(2)}` : value)) {
          push(found, text, m.index, end);
          break;
        }
      }
    }
    for (const m of text.matchAll(CN_MOBILE)) {
      const end = m.index + m[0].length;
      if (!standsAlone(text, m.index, end)) continue;
      if (text[m.index - 1] === '+') continue;
      if (phoneValid(m[0].replace(/[ -]/g, ''), 'CN')) push(found, text, m.index, end);
    }
    for (const m of text.matchAll(NANP)) {
      const end = m.index + m[0].length;
      if (!standsAlone(text, m.index, end) || text[m.index - 1] === '+') continue;
      if (continuesDigitGroups(text, m.index)) continue;
      if (DATE_SHAPED.test(m[0])) continue;
      if (phoneValid(m[0], 'US')) push(found, text, m.index, end);
    }
    for (const m of text.matchAll(TRUNK_ZERO)) {
      if (continuesDigitGroups(text, m.index)) continue;
      for (const len of groupEnds(m[0])) {
        const value = m[0].slice(0, len);
        if (digitCount(value) < 9) break;
        const end = m.index + len;
        if (DATE_SHAPED.test(value) || !standsAlone(text, m.index, end)) continue;
        if (TRUNK_ZERO_COUNTRIES.some((country) => phoneValid(value, country))) {
          push(found, text, m.index, end);
          break;
        }
      }
    }
    return found;
  },
};
