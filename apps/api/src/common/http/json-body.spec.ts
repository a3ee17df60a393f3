import { DomainError } from '../problem/domain.error';
import { nestsDeeperThan, parseJsonBody } from './json-body';

const MAX_DEPTH = 64;

function problem(text: string): Pick<DomainError, 'status' | 'code' | 'detail'> {
  try {
    parseJsonBody(text, MAX_DEPTH);
  } catch (error) {
    const { status, code, detail } = error as DomainError;
    return { status, code, detail };
  }
  throw new Error(`${text} was accepted`);
}

describe('reading a JSON request body', () => {
  it('parses JSON, keeping Unicode as sent', () => {
    expect(parseJsonBody('{"variables":{"topic":"秋天 🍂"},"version":2}', MAX_DEPTH)).toEqual({
      variables: { topic: '秋天 🍂' },
      version: 2,
    });
  });

  it('says what is wrong with text that is not JSON', () => {
    expect(problem('{"variables":')).toEqual({
      status: 400,
      code: 'BAD_REQUEST',
      detail: expect.stringMatching(/^The body is not valid JSON: .+/),
    });
    expect(problem('  ').detail).toBe('The body is empty but Content-Type is application/json');
  });

  it('refuses prototype poisoning at any depth', () => {
    expect(problem('{"variables":{"__proto__":{"admin":true}}}').detail).toBe(
      'The body is not valid JSON: Object contains forbidden prototype property',
    );
    expect(problem('{"constructor":{"prototype":{"admin":true}}}').detail).toBe(
      'The body is not valid JSON: Object contains forbidden prototype property',
    );
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses objects and arrays nested deeper than the limit, before parsing them', () => {
    const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '[1]' + '}'.repeat(depth - 1);
    expect(parseJsonBody(nested(MAX_DEPTH), MAX_DEPTH)).toBeDefined();
    expect(problem(nested(MAX_DEPTH + 1))).toEqual({
      status: 400,
      code: 'JSON_TOO_DEEP',
      detail: 'The body nests objects and arrays more than 64 levels deep',
    });
    expect(problem('['.repeat(3000) + ']'.repeat(3000)).code).toBe('JSON_TOO_DEEP');
  });
});

describe('measuring how deep a JSON text nests', () => {
  it('counts brackets, not text that looks like them inside strings', () => {
    expect(nestsDeeperThan('{"a":{"b":[1,2]}}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[[1],2]}}', 3)).toBe(true);
    expect(nestsDeeperThan(`{"template":"${'{['.repeat(50)}"}`, 2)).toBe(false);
    expect(nestsDeeperThan(`{"t":"say \\"{[{[\\" \\\\","u":{"v":{}}}`, 2)).toBe(true);
    expect(nestsDeeperThan(`{"t":"say \\"{[{[\\" \\\\","u":{"v":1}}`, 2)).toBe(false);
  });

  it('sees siblings as the same depth', () => {
    expect(nestsDeeperThan(`[${'[1],'.repeat(1000)}[2]]`, 2)).toBe(false);
  });
});
