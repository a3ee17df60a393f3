import {
  detect,
  customRecognizerProblem,
  InvalidCustomRecognizerError,
  type RedactionPolicy,
} from '../redaction-engine';
import { MAX_CUSTOM_MATCHES } from './custom.recognizer';

const employeeId = { name: 'EMPLOYEE_ID', pattern: 'EMP-[0-9]{6}' };
const policy = (custom: RedactionPolicy['custom']): RedactionPolicy => ({
  entities: Object.fromEntries((custom ?? []).map((c) => [c.name, 'mask'])),
  custom,
});

describe('custom recognizers', () => {
  it('finds every match of the pattern, also inside Chinese text', () => {
    const found = detect('EMP-123456 and 工号EMP-654321谢谢', policy([employeeId]));
    expect(found.map((d) => d.value)).toEqual(['EMP-123456', 'EMP-654321']);
    expect(found[0]).toMatchObject({ type: 'EMPLOYEE_ID', start: 0, end: 10 });
  });

  it('with context words, counts a match only near one of them (case-insensitive, Chinese too)', () => {
    const order = { name: 'ORDER_ID', pattern: '[0-9]{8}', contextWords: ['Order', '订单'], contextWindow: 10 };
    const text = 'ORDER no. 12345678 · unrelated 87654321 ………………………… 订单号：11223344';
    expect(detect(text, policy([order])).map((d) => d.value)).toEqual(['12345678', '11223344']);
  });

  it('is ignored when its type is off, and never replaces a built-in type', () => {
    expect(detect('EMP-123456', { entities: {}, custom: [employeeId] })).toEqual([]);
    const fakeEmail = { name: 'EMAIL', pattern: 'x' };
    expect(detect('x', { entities: { EMAIL: 'mask' }, custom: [fakeEmail] })).toEqual([]);
  });

  it('runs in linear time on input that makes backtracking engines explode', () => {
    const evil = { name: 'EVIL', pattern: '(a+)+$' };
    const text = `${'a'.repeat(30_000)}!`;
    // A backtracking engine needs ~2^30000 steps to say no here; RE2 answers in one pass.
    expect(detect(text, policy([evil]))).toEqual([]);
  });

  it(`keeps at most ${MAX_CUSTOM_MATCHES} matches per text`, () => {
    const digit = { name: 'DIGIT', pattern: '[0-9]' };
    expect(detect('1 '.repeat(5000), policy([digit]))).toHaveLength(MAX_CUSTOM_MATCHES);
  });

  it.each([
    [{ name: 'lower', pattern: 'x' }, /name/],
    [{ name: 'BACKREF', pattern: '(a)\\1' }, /not a supported regular expression/],
    [{ name: 'LOOKAHEAD', pattern: 'a(?=b)' }, /not a supported regular expression/],
    [{ name: 'EMPTY', pattern: 'a*' }, /empty string/],
    [{ name: 'LONG', pattern: 'a'.repeat(1001) }, /1–1000 characters/],
    [{ name: 'WINDOW', pattern: 'a', contextWords: ['x'], contextWindow: 0 }, /contextWindow/],
  ])('refuses %j with a reason', (recognizer, reason) => {
    expect(customRecognizerProblem(recognizer)).toMatch(reason);
    expect(() => detect('abc', policy([recognizer]))).toThrow(InvalidCustomRecognizerError);
  });

  it('accepts a sound recognizer', () => {
    expect(customRecognizerProblem({ ...employeeId, contextWords: ['工号'], contextWindow: 20 })).toBeUndefined();
  });
});
