import type { Detection } from '../types';
import { ibanValid } from '../validators';
import { detection, isWordChar, type Recognizer } from './recognizer';

/** Country code, check digits, then the BBAN in groups (as printed) or run together; 15–34 characters. */
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}/g;

export const ibanRecognizer: Recognizer = {
  type: 'IBAN',
  find(text: string): Detection[] {
    const found: Detection[] = [];
    for (const m of text.matchAll(IBAN)) {
      // The pattern may run into the next word ("… DE89 3704 … 3000 EUR"): try the longest prefix
      // that ends at a group boundary and validates, from the longest down.
      const candidate = m[0];
      for (let len = candidate.length; len >= 15; len--) {
        if (candidate[len - 1] === ' ' || (len < candidate.length && candidate[len] !== ' ')) continue;
        const end = m.index + len;
        if (isWordChar(text[end])) continue;
        if (ibanValid(candidate.slice(0, len).replace(/ /g, ''))) {
          found.push(detection('IBAN', text, m.index, end));
          break;
        }
      }
    }
    return found;
  },
};
