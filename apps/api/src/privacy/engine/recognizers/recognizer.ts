import type { Detection } from '../types';

/** Finds one kind of personal data: a cheap candidate pattern, then a validator per candidate. */
export interface Recognizer {
  type: string;
  find(text: string): Detection[];
}

/** ASCII letters, digits and `_`: what a match must not touch. CJK characters are boundaries. */
export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/**
 * Whether `text[start, end)` stands alone as a number: no word character on either side and no
 * `digit.`/`digit-` continuation, so it is not a slice of a longer digit run, code or version string.
 */
export function standsAlone(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (isWordChar(before) || isWordChar(after)) return false;
  if ((before === '.' || before === '-' || before === '/') && isDigit(text[start - 2])) return false;
  if ((after === '.' || after === '-' || after === '/') && isDigit(text[end + 1])) return false;
  return true;
}

export function detection(type: string, text: string, start: number, end: number): Detection {
  return { type, start, end, value: text.slice(start, end) };
}
