import type { Detection } from '../types';
import { detection, type Recognizer } from './recognizer';

/**
 * Local part of dot-atoms (`zhang.san+tag`), a domain of at least two labels whose last label (the
 * TLD) is 2–24 letters. Bounded repetitions keep the pattern linear on long runs.
 */
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;

/** File extensions that follow `@` in asset names (`logo@2x.png`) and are not top-level domains. */
const NOT_TLDS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'bmp',
  'ico',
  'tif',
  'tiff',
  'css',
  'js',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'jsx',
  'map',
  'json',
  'lock',
  'yml',
  'yaml',
  'txt',
  'log',
  'html',
  'htm',
  'xml',
  'wasm',
]);

export const emailRecognizer: Recognizer = {
  type: 'EMAIL',
  find(text: string): Detection[] {
    if (!text.includes('@')) return [];
    const found: Detection[] = [];
    for (const m of text.matchAll(EMAIL)) {
      const value = m[0];
      const at = value.indexOf('@');
      const local = value.slice(0, at);
      if (local.includes('..')) continue;
      const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase();
      if (NOT_TLDS.has(tld)) continue;
      found.push(detection('EMAIL', text, m.index, m.index + value.length));
    }
    return found;
  },
};
