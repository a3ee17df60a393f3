import { DomainError } from '../problem/domain.error';
import { parseJsonBody } from './json-body';

function problem(text: string): Pick<DomainError, 'status' | 'code' | 'detail'> {
  try {
    parseJsonBody(text);
  } catch (error) {
    const { status, code, detail } = error as DomainError;
    return { status, code, detail };
  }
  throw new Error(`${text} was accepted`);
}

describe('reading a JSON request body', () => {
  it('parses JSON, keeping Unicode as sent', () => {
    expect(parseJsonBody('{"variables":{"topic":"秋天 🍂"},"version":2}')).toEqual({
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
});
