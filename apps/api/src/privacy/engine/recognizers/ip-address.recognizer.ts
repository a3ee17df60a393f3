import { isIPv6 } from 'node:net';
import type { Detection } from '../types';
import { detection, isDigit, isWordChar, type Recognizer } from './recognizer';

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/** Dotted quad with octets 0–255 and no leading zeros. */
const IPV4 = new RegExp(`(?<![0-9A-Za-z_.])${OCTET}(?:\\.${OCTET}){3}(?![0-9A-Za-z_]|\\.[0-9])`, 'g');
/** A run of hex digits and colons (with an optional dotted-quad tail); `net.isIPv6` decides. */
const IPV6 =
  /(?<![0-9A-Za-z_:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::?[0-9]{1,3}(?:\.[0-9]{1,3}){3})?(?![0-9A-Za-z_:]|\.[0-9])/g;

/** Words that announce a version number rather than an address (`version 1.2.3.4`, `版本 10.0.0.1`). */
const VERSION_BEFORE = /(?:\bv|\bver|\bversion|\bbuild|\brelease|版本|版本号)[\s:：]*$/i;

function followsVersionWord(text: string, start: number): boolean {
  return VERSION_BEFORE.test(text.slice(Math.max(0, start - 12), start));
}

export const ipAddressRecognizer: Recognizer = {
  type: 'IP_ADDRESS',
  find(text: string): Detection[] {
    const found: Detection[] = [];
    if (text.includes('.')) {
      for (const m of text.matchAll(IPV4)) {
        if (followsVersionWord(text, m.index)) continue;
        found.push(detection('IP_ADDRESS', text, m.index, m.index + m[0].length));
      }
    }
    if (text.includes(':')) {
      for (const m of text.matchAll(IPV6)) {
        const value = m[0];
        if (!isIPv6(value)) continue;
        // `::1`, `a::b`: too short to tell from code (`std::map`-like tokens); need two groups and a digit.
        const groups = value.split(':').filter((g) => g.length > 0);
        if (groups.length < 2 || !/[0-9]/.test(value)) continue;
        if (isWordChar(text[m.index + value.length]) || isDigit(text[m.index - 1])) continue;
        found.push(detection('IP_ADDRESS', text, m.index, m.index + value.length));
      }
    }
    return found;
  },
};
