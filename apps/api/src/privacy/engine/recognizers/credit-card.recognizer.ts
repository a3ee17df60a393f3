import type { Detection } from '../types';
import { cardNumberValid } from '../validators';
import { detection, standsAlone, type Recognizer } from './recognizer';

/** 13–19 digits, optionally grouped with single spaces or dashes. */
const CARD = /(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])/g;

/**
 * Groups as printed on cards: all groups of 4 (the last may be shorter: 13/19-digit cards), or
 * 4-6-5 (Amex) / 4-6-4 (Diners). One kind of separator throughout.
 */
function groupsLookPrinted(candidate: string): boolean {
  const hasSpace = candidate.includes(' ');
  const hasDash = candidate.includes('-');
  if (!hasSpace && !hasDash) return true;
  if (hasSpace && hasDash) return false;
  const lengths = candidate.split(hasSpace ? ' ' : '-').map((g) => g.length);
  const shape = lengths.join('-');
  if (shape === '4-6-5' || shape === '4-6-4') return true;
  return (
    lengths.slice(0, -1).every((n) => n === 4) && lengths[lengths.length - 1] >= 1 && lengths[lengths.length - 1] <= 4
  );
}

export const creditCardRecognizer: Recognizer = {
  type: 'CREDIT_CARD',
  find(text: string): Detection[] {
    const found: Detection[] = [];
    for (const m of text.matchAll(CARD)) {
      const candidate = m[0];
      const start = m.index;
      const end = start + candidate.length;
      if (!standsAlone(text, start, end)) continue;
      if (!groupsLookPrinted(candidate)) continue;
      if (!cardNumberValid(candidate.replace(/[ -]/g, ''))) continue;
      found.push(detection('CREDIT_CARD', text, start, end));
    }
    return found;
  },
};
