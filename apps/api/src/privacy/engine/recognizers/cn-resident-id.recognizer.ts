import type { Detection } from '../types';
import { cnResidentIdValid } from '../validators';
import { detection, standsAlone, type Recognizer } from './recognizer';

/** Region (6 digits, first 1–8), birth date YYYYMMDD (19xx/20xx), sequence (3), check (digit or X). */
const CN_ID = /(?<![0-9])[1-8][0-9]{5}(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx](?![0-9])/g;

export const cnResidentIdRecognizer: Recognizer = {
  type: 'CN_RESIDENT_ID',
  find(text: string): Detection[] {
    const found: Detection[] = [];
    for (const m of text.matchAll(CN_ID)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!standsAlone(text, start, end)) continue;
      if (!cnResidentIdValid(m[0])) continue;
      found.push(detection('CN_RESIDENT_ID', text, start, end));
    }
    return found;
  },
};
