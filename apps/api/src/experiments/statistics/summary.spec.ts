import { expectNear } from './reference/expect-near';
import { StatisticsOptionError } from './statistics.errors';
import { passAtKEstimate, ScoredResult, summarizeVariant } from './summary';

function result(itemId: string, repetition: number, score: number | null, pass: boolean | null): ScoredResult {
  return { itemId, repetition, score, pass };
}

// 4 items × 3 repetitions, one scorer error: the "summary of one variant" case of reference-values.py.
const results: ScoredResult[] = [
  result('a', 1, 0.9, true),
  result('a', 2, 0.8, true),
  result('a', 3, 0.7, true),
  result('b', 1, 0.4, false),
  result('b', 2, null, null),
  result('b', 3, 0.6, true),
  result('c', 1, 0.2, false),
  result('c', 2, 0.3, false),
  result('c', 3, 0.1, false),
  result('d', 1, 1.0, true),
  result('d', 2, 0.5, false),
  result('d', 3, 0.75, true),
];

describe('pass@k over repetitions', () => {
  it("matches the unbiased estimator 1 − C(n−c, k)/C(n, k) computed with Python's math.comb", () => {
    expectNear(passAtKEstimate(5, 1, 1), 0.19999999999999996);
    expectNear(passAtKEstimate(5, 1, 2), 0.4);
    expectNear(passAtKEstimate(5, 2, 3), 0.9);
    expectNear(passAtKEstimate(10, 3, 5), 0.9166666666666666);
    expectNear(passAtKEstimate(20, 1, 10), 0.5);
    expect(passAtKEstimate(4, 0, 2)).toBe(0);
    expect(passAtKEstimate(3, 2, 2)).toBe(1);
  });

  it('refuses a k larger than the repetitions it has', () => {
    expect(() => passAtKEstimate(2, 1, 3)).toThrow(StatisticsOptionError);
  });
});

describe('summarizing one variant on one scorer', () => {
  it('averages repetitions per item first, and gives the t interval over the 4 item means as scipy does', () => {
    const summary = summarizeVariant(results, { repetitions: 3 });
    expect(summary).toMatchObject({ nItems: 4, nResults: 12, nScored: 11, scorerErrors: 1, confidence: 0.95 });
    expectNear(summary.mean, 0.5625);
    expectNear(summary.sd, 0.2750000000000001);
    expectNear(summary.ci?.lower, 0.12491363302349007);
    expectNear(summary.ci?.upper, 1.0000863669765099);
  });

  it('gives the pass rate over all judged results with its Wilson interval', () => {
    const { passRate } = summarizeVariant(results);
    expect(passRate).toMatchObject({ passes: 6, judged: 11 });
    expectNear(passRate.rate, 0.5454545454545454);
    expectNear(passRate.ci?.lower, 0.280091537409322);
    expectNear(passRate.ci?.upper, 0.7872872837754024);
  });

  it('gives pass@1..3, leaving out of pass@3 the item with only 2 judged repetitions', () => {
    const { passAtK } = summarizeVariant(results, { repetitions: 3 });
    expect(passAtK.map((p) => [p.k, p.nItems])).toEqual([
      [1, 4],
      [2, 4],
      [3, 3],
    ]);
    expectNear(passAtK[0].value, 0.5416666666666667);
    expectNear(passAtK[1].value, 0.75);
    expectNear(passAtK[2].value, 0.6666666666666666);
  });

  it('counts a NaN score as a scorer error, never as a number', () => {
    const summary = summarizeVariant([result('a', 1, NaN, null), result('a', 2, 0.5, true)]);
    expect(summary).toMatchObject({ nScored: 1, scorerErrors: 1, mean: 0.5, nItems: 1 });
  });

  it('answers an empty experiment with zeros and nulls that serialise to JSON', () => {
    const summary = summarizeVariant([], { repetitions: 2 });
    expect(summary).toEqual({
      nItems: 0,
      nResults: 0,
      nScored: 0,
      scorerErrors: 0,
      mean: null,
      sd: null,
      ci: null,
      passRate: { passes: 0, judged: 0, rate: null, ci: null },
      passAtK: [
        { k: 1, value: null, nItems: 0 },
        { k: 2, value: null, nItems: 0 },
      ],
      confidence: 0.95,
    });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('gives a mean but no sd or interval for a single item', () => {
    const summary = summarizeVariant([result('a', 1, 0.4, false), result('a', 2, 0.6, true)]);
    expect(summary).toMatchObject({ nItems: 1, mean: 0.5, sd: null, ci: null });
  });

  it('gives sd 0 and a zero-width interval, not NaN, when every item scores the same', () => {
    const same = ['a', 'b', 'c'].map((id) => result(id, 1, 1, true));
    const summary = summarizeVariant(same);
    expect(summary).toMatchObject({ mean: 1, sd: 0, ci: { lower: 1, upper: 1 } });
    expect(JSON.stringify(summary)).not.toMatch(/NaN|Infinity|null/);
  });

  it('refuses a confidence level outside (0, 1)', () => {
    expect(() => summarizeVariant(results, { confidence: 95 })).toThrow(StatisticsOptionError);
  });
});
