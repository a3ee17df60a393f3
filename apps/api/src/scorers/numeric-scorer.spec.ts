import { firstNumber, numeric, numericConfig } from './numeric-scorer';

describe('numeric', () => {
  const exact = numericConfig({});

  it('reads the first number of the output, in prose or alone', () => {
    expect(firstNumber('The answer is 42.')).toBe(42);
    expect(firstNumber('-3.5 degrees')).toBe(-3.5);
    expect(firstNumber('about 1,234,567 people')).toBe(1234567);
    expect(firstNumber('1,2,3')).toBe(1);
    expect(firstNumber('6.02e23 atoms')).toBe(6.02e23);
    expect(firstNumber('答案是４２。')).toBe(42);
    expect(firstNumber('no number here')).toBeNull();
  });

  it('scores 1 for the expected number, however it is written around', () => {
    expect(numeric(exact, 'The answer is 42.', 42)).toEqual({ score: 1, reason: '42 as expected' });
    expect(numeric(exact, '42', '42')).toMatchObject({ score: 1 });
  });

  it('accepts differences within an absolute or a relative tolerance', () => {
    expect(numeric(numericConfig({ tolerance: 0.5 }), '3.3', 3)).toEqual({
      score: 1,
      reason: '3.3 is within 0.5 of 3',
    });
    expect(numeric(numericConfig({ relativeTolerance: 0.05 }), '104', 100)).toMatchObject({ score: 1 });
    expect(numeric(numericConfig({ relativeTolerance: 0.05 }), '106', 100)).toMatchObject({ score: 0.99 });
  });

  it('decays with the distance beyond the tolerance, reaching 0 at twice the expected value', () => {
    const near = numeric(exact, '43', 42);
    const far = numeric(exact, '63', 42);
    expect(near).toEqual({ score: 1 - 1 / 42, reason: '43 is off by 1 from 42' });
    expect(far).toMatchObject({ score: 0.5 });
    expect(numeric(exact, '84', 42)).toMatchObject({ score: 0 });
    expect(numeric(exact, '0.5', 0)).toMatchObject({ score: 0.5 });
  });

  it('scores 0 when the output has no number, including an empty output', () => {
    expect(numeric(exact, '', 42)).toEqual({ score: 0, reason: 'no number in the output (expected 42)' });
  });

  it('cannot score without a numeric expected value', () => {
    expect(numeric(exact, '42', null)).toEqual({ error: 'this item has no expected value' });
    expect(numeric(exact, '42', 'forty-two')).toEqual({ error: 'expected must be a number, not "forty-two"' });
    expect(numeric(exact, '42', [42])).toEqual({ error: 'expected must be a number, not a list' });
  });

  it('refuses negative tolerances', () => {
    expect(() => numericConfig({ tolerance: -1 })).toThrow('must be at least 0');
  });
});
