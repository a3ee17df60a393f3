import { compileRegex, regexConfig, regexMatch } from './regex-scorer';

const score = (config: Record<string, unknown>, output: string) => {
  const pinned = regexConfig(config);
  return regexMatch(pinned, compileRegex(pinned), output);
};

describe('regex', () => {
  it('passes when the pattern is found anywhere in the output, and quotes the match', () => {
    expect(score({ pattern: '\\d{3}-\\d{4}' }, 'Call 555-1234 now')).toEqual({ score: 1, reason: 'found "555-1234"' });
    expect(score({ pattern: '\\d{3}-\\d{4}' }, 'Call us')).toEqual({ score: 0, reason: 'pattern not found' });
  });

  it('requires the whole output when the pattern is anchored', () => {
    expect(score({ pattern: '^\\d+$' }, '42')).toMatchObject({ score: 1 });
    expect(score({ pattern: '^\\d+$' }, 'The answer is 42.')).toMatchObject({ score: 0 });
  });

  it('takes the i, m and s flags', () => {
    expect(score({ pattern: 'paris' }, 'PARIS')).toMatchObject({ score: 0 });
    expect(score({ pattern: 'paris', flags: 'i' }, 'PARIS')).toMatchObject({ score: 1 });
    expect(score({ pattern: '^b$', flags: 'm' }, 'a\nb\nc')).toMatchObject({ score: 1 });
    expect(score({ pattern: 'a.b', flags: 's' }, 'a\nb')).toMatchObject({ score: 1 });
  });

  it('passes when a forbidden pattern is absent, with negate', () => {
    expect(score({ pattern: 'sorry|apolog', flags: 'i', negate: true }, 'Here you go.')).toEqual({
      score: 1,
      reason: 'pattern not found, as required',
    });
    expect(score({ pattern: 'sorry', flags: 'i', negate: true }, 'Sorry!')).toMatchObject({ score: 0 });
  });

  it('matches Chinese text and an empty output', () => {
    expect(score({ pattern: '答案是\\d+' }, '答案是42。')).toEqual({ score: 1, reason: 'found "答案是42"' });
    expect(score({ pattern: '.+' }, '')).toMatchObject({ score: 0 });
  });

  it('answers at once on hostile output that stalls a backtracking engine', () => {
    const started = Date.now();
    expect(score({ pattern: '^(a+)+$' }, `${'a'.repeat(50_000)}!`)).toMatchObject({ score: 0 });
    expect(score({ pattern: '(x+x+)+y' }, 'x'.repeat(50_000))).toMatchObject({ score: 0 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses patterns RE2 cannot run, a missing pattern and unknown flags', () => {
    expect(() => regexConfig({ pattern: '(a)\\1' })).toThrow(/not a valid regular expression.*invalid escape/);
    expect(() => regexConfig({ pattern: 'a(?=b)' })).toThrow(/not a valid regular expression/);
    expect(() => regexConfig({ pattern: '(' })).toThrow(/not a valid regular expression/);
    expect(() => regexConfig({})).toThrow('is required');
    expect(() => regexConfig({ pattern: 'a', flags: 'g' })).toThrow('takes i, m and s, each at most once');
    expect(() => regexConfig({ pattern: 'a'.repeat(2001) })).toThrow('is longer than 2000 characters');
  });
});
