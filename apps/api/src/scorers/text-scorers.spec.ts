import { contains, containsConfig, exactMatch, exactMatchConfig, levenshtein, levenshteinConfig } from './text-scorers';

describe('exact_match', () => {
  const defaults = exactMatchConfig({});

  it('passes an answer equal to the expected one, ignoring surrounding whitespace by default', () => {
    expect(exactMatch(defaults, '  42\n', '42')).toEqual({ score: 1, reason: 'matches "42"' });
  });

  it('fails a different answer and says what was expected', () => {
    expect(exactMatch(defaults, 'The answer is 42.', '42')).toEqual({
      score: 0,
      reason: 'expected "42", got "The answer is 42."',
    });
  });

  it('compares case-sensitively unless told to ignore case', () => {
    expect(exactMatch(defaults, 'Paris', 'paris')).toMatchObject({ score: 0 });
    expect(exactMatch(exactMatchConfig({ ignoreCase: true }), 'PARIS', 'paris')).toMatchObject({ score: 1 });
  });

  it('keeps whitespace when trim is off', () => {
    expect(exactMatch(exactMatchConfig({ trim: false }), ' 42', '42')).toMatchObject({ score: 0 });
  });

  it('accepts a number as the expected answer', () => {
    expect(exactMatch(defaults, '42', 42)).toMatchObject({ score: 1 });
  });

  it('accepts any of several acceptable answers', () => {
    expect(exactMatch(defaults, 'NYC', ['New York', 'NYC'])).toEqual({ score: 1, reason: 'matches "NYC"' });
    expect(exactMatch(defaults, 'Boston', ['New York', 'NYC'])).toMatchObject({
      score: 0,
      reason: 'expected any of "New York", "NYC", got "Boston"',
    });
  });

  it('matches Chinese text, and an é typed as e + accent equals a composed é', () => {
    expect(exactMatch(defaults, '北京', '北京')).toMatchObject({ score: 1 });
    expect(exactMatch(defaults, 'cafe\u0301', 'café')).toMatchObject({ score: 1 });
  });

  it('fails an empty output', () => {
    expect(exactMatch(defaults, '', '42')).toMatchObject({ score: 0 });
  });

  it('cannot score an item without an expected value, or with an object as expected', () => {
    expect(exactMatch(defaults, '42', undefined)).toEqual({ error: 'this item has no expected value' });
    expect(exactMatch(defaults, '42', { answer: 42 })).toEqual({
      error: 'expected must be a string, a number or a list of them, not an object',
    });
  });

  it('refuses unknown or mistyped settings', () => {
    expect(() => exactMatchConfig({ caseInsensitive: true })).toThrow(
      'unknown setting; this kind takes trim, ignoreCase',
    );
    expect(() => exactMatchConfig({ trim: 'yes' })).toThrow('must be true or false');
  });
});

describe('contains', () => {
  it('gives partial credit for some of the required substrings and names the missing ones', () => {
    const config = containsConfig({ values: ['refund', 'apolog', '48 hours'] });
    expect(contains(config, 'We apologise; the refund arrives soon.', null)).toEqual({
      score: 2 / 3,
      reason: 'missing "48 hours"',
    });
  });

  it('passes with any one of them in any mode', () => {
    const config = containsConfig({ values: ['yes', 'sure'], mode: 'any' });
    expect(contains(config, 'Sure thing', null)).toMatchObject({ score: 0 });
    expect(
      contains(containsConfig({ values: ['yes', 'sure'], mode: 'any', ignoreCase: true }), 'Sure thing', null),
    ).toEqual({ score: 1, reason: 'contains "sure"' });
  });

  it("takes the substrings from the item's expected value when the config has none", () => {
    const config = containsConfig({});
    expect(contains(config, '答案是四十二', '四十二')).toEqual({ score: 1, reason: 'contains all 1' });
    expect(contains(config, 'The answer is 42.', 42)).toMatchObject({ score: 1 });
    expect(contains(config, '', ['a', 'b'])).toEqual({ score: 0, reason: 'missing "a", "b"' });
  });

  it('refuses an empty list of substrings', () => {
    expect(() => containsConfig({ values: [] })).toThrow('must be a non-empty string or a list of non-empty strings');
  });
});

describe('levenshtein', () => {
  const defaults = levenshteinConfig({});

  it('scores 1 − edits / length of the longer text', () => {
    expect(levenshtein(defaults, 'kitten', 'sitting')).toEqual({
      score: 1 - 3 / 7,
      reason: '3 edits over 7 characters',
    });
  });

  it('scores identical texts 1 and two empty texts 1', () => {
    expect(levenshtein(defaults, 'same', 'same')).toMatchObject({ score: 1 });
    expect(levenshtein(defaults, '  ', '')).toEqual({ score: 1, reason: 'both empty' });
  });

  it('scores an empty output 0 against a non-empty expected text', () => {
    expect(levenshtein(defaults, '', 'hello')).toMatchObject({ score: 0 });
  });

  it('counts a Chinese character or an emoji as one character', () => {
    expect(levenshtein(defaults, '你好世界', '你好世間')).toMatchObject({ score: 0.75 });
    expect(levenshtein(defaults, 'ok 👍', 'ok 👎')).toEqual({ score: 0.75, reason: '1 edit over 4 characters' });
  });

  it('refuses texts too long to compare quickly rather than stalling', () => {
    expect(levenshtein(defaults, 'a'.repeat(6000), 'b'.repeat(5000))).toEqual({
      error: 'texts of 6000 and 5000 characters are too long to compare by edit distance',
    });
    const long = levenshtein(defaults, 'a'.repeat(100_000), 'a'.repeat(200));
    expect('score' in long && long.score).toBeCloseTo(0.002, 10);
  });

  it('compares a number as its text, and cannot compare a list', () => {
    expect(levenshtein(defaults, '1234', 1235)).toMatchObject({ score: 0.75 });
    expect(levenshtein(defaults, 'a', ['a'])).toEqual({
      error: 'expected must be a string or a number to compare texts, not a list',
    });
  });
});
