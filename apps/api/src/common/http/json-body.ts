import { ErrorCode } from '@promptops/shared';
import { parse } from 'secure-json-parse';
import { BadRequestError } from '../problem/domain.error';

/**
 * Every JSON request body is read by this one function (Fastify's parser and the serving fast
 * path): `__proto__` and `constructor.prototype` keys are refused, and the problem names what
 * is wrong with the text.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new BadRequestError(ErrorCode.BAD_REQUEST, 'The body is empty but Content-Type is application/json');
  }
  try {
    return parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new BadRequestError(ErrorCode.BAD_REQUEST, `The body is not valid JSON: ${(error as Error).message}`);
  }
}
