import { ErrorCode } from '@promptops/shared';
import { parse } from 'secure-json-parse';
import { BadRequestError } from '../problem/domain.error';

/**
 * Every JSON request body is read by this one function (Fastify's parser and the serving fast
 * path): `__proto__` and `constructor.prototype` keys are refused, nesting deeper than
 * `maxDepth` objects and arrays is refused (the validation that follows walks the value
 * recursively), and the problem names what is wrong with the text.
 */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (text.trim() === '') {
    throw new BadRequestError(ErrorCode.BAD_REQUEST, 'The body is empty but Content-Type is application/json');
  }
  if (nestsDeeperThan(text, maxDepth)) {
    throw new BadRequestError(
      ErrorCode.JSON_TOO_DEEP,
      `The body nests objects and arrays more than ${maxDepth} levels deep`,
    );
  }
  try {
    return parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new BadRequestError(ErrorCode.BAD_REQUEST, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * One pass over the text before it is parsed, counting open brackets outside strings; strings
 * are skipped with indexOf, so long text values (templates, transcripts) cost little. Text too
 * short to hold `maxDepth + 1` brackets is not scanned at all. Malformed text is left for the
 * parser to describe.
 */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  if (text.length <= maxDepth) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote closing the string opened at `open` (the text's length if none). */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}
