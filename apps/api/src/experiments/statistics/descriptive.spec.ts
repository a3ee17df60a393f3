import { expectNear } from './reference/expect-near';
import {
  describeNumbers,
  meanConfidenceInterval,
  quantile,
  sampleStandardDeviation,
  wilsonInterval,
} from './descriptive';

// Reference values: numpy 2.4 / scipy 1.17.1, printed by reference/reference-values.py.
describe('descriptive statistics for the lab', () => {
  const latencies = [120, 80, 95, 300, 101, 99, 250, 110, 90, 105];

  it("reports a latency column's p50 and p95 as numpy.percentile's default (linear) does", () => {
    expect(describeNumbers(latencies)).toEqual({
      n: 10,
      mean: 135,
      p50: 103,
      p95: expect.closeTo(277.49999999999994, 9),
      min: 80,
      max: 300,
    });
    expectNear(quantile([1, 2, 3, 4], 0.95), 3.8499999999999996);
    expect(quantile([4, 1, 3, 2], 1)).toBe(4);
    expect(quantile([7], 0.95)).toBe(7);
  });

  it('skips missing and non-finite costs, and answers nulls for an empty column', () => {
    expect(describeNumbers([0.002, null, undefined, NaN, Infinity, 0.004])).toMatchObject({ n: 2, p50: 0.003 });
    expect(describeNumbers([])).toEqual({ n: 0, mean: null, p50: null, p95: null, min: null, max: null });
  });

  it("gives the t interval of a mean as scipy's t.interval, at 95 % and at 90 %", () => {
    const sample = [0.62, 0.71, 0.55, 0.9, 0.48, 0.77, 0.66];
    expectNear(sampleStandardDeviation(sample), 0.14);
    const ci95 = meanConfidenceInterval(sample, 0.95);
    expectNear(ci95?.lower, 0.5405215952354738);
    expectNear(ci95?.upper, 0.7994784047645263);
    const ci90 = meanConfidenceInterval(sample, 0.9);
    expectNear(ci90?.lower, 0.5671765645038355);
    expectNear(ci90?.upper, 0.7728234354961645);
  });

  it('has no interval for one value, and a zero-width one when all values are equal', () => {
    expect(meanConfidenceInterval([0.5], 0.95)).toBeNull();
    expect(meanConfidenceInterval([0.5, 0.5, 0.5], 0.95)).toEqual({ lower: 0.5, upper: 0.5 });
  });

  it("gives Wilson intervals as scipy's binomtest(...).proportion_ci(method='wilson'), within [0, 1]", () => {
    const cases: Array<[number, number, number, number]> = [
      [7, 10, 0.39677814746114526, 0.892208732593699],
      [0, 12, 0, 0.24249400665524085],
      [12, 12, 0.7575059933447592, 1],
      [45, 60, 0.6276792992295218, 0.8422347746994333],
    ];
    for (const [k, n, lower, upper] of cases) {
      const ci = wilsonInterval(k, n, 0.95);
      if (lower === 0) expect(ci?.lower).toBe(0);
      else expectNear(ci?.lower, lower);
      if (upper === 1) expect(ci?.upper).toBe(1);
      else expectNear(ci?.upper, upper);
    }
    expect(wilsonInterval(0, 0, 0.95)).toBeNull();
  });
});
