import { expectNear } from './reference/expect-near';
import { fisherExactGreater, samplesToDetect, tailExceedanceTest } from './rollout-tests';

// Reference values: scipy 1.17.1, printed by reference/reference-values.py ("rollouts").
describe('the guardrail tests agree with scipy', () => {
  const table = (a: number, b: number, c: number, d: number) =>
    fisherExactGreater({ events: a, n: a + b }, { events: c, n: c + d }).pValue;

  it("gives one-sided Fisher exact p-values as scipy's fisher_exact(alternative='greater')", () => {
    expectNear(table(30, 170, 10, 190), 0.000642466379722599);
    expectNear(table(60, 140, 20, 180), 3.5703644345648674e-7);
    expectNear(table(12, 188, 10, 190), 0.41349652501273526);
    expectNear(table(5, 5, 0, 10), 0.016253869969040248);
    expectNear(table(3, 297, 15, 285), 0.9994401949550082);
    expect(table(0, 200, 0, 200)).toBe(1);
  });

  it('answers p = 1 when an arm has no runs, and reports both rates', () => {
    const test = fisherExactGreater({ events: 0, n: 0 }, { events: 3, n: 100 });
    expect(test.pValue).toBe(1);
    expect(test.candidate.rate).toBeNull();
    expect(test.baseline.rate).toBeCloseTo(0.03);
  });

  it("counts each arm's runs above the baseline's p95 (numpy's linear quantile) and tests the shares", () => {
    const baseline = Array.from({ length: 20 }, (_, i) => i + 1);
    const test = tailExceedanceTest([5, 30, 40, 50, 60, 70, 80, 90, 100, 110], baseline);
    expectNear(test.threshold, 19.05);
    expect(test.baseline).toEqual({ events: 1, n: 20, rate: 0.05 });
    expect(test.candidate.events).toBe(9);
    expect(test.pValue).toBeLessThan(0.001);
  });

  it('gives the runs per arm to detect a rise in error rate as the textbook formula does', () => {
    expectNear(samplesToDetect(0.05, 0.15), 110.2348204651267);
    expectNear(samplesToDetect(0.02, 0.03), 3012.9501380189163);
    expectNear(samplesToDetect(0.1, 0.12, 0.01, 0.9), 6369.479094792966);
    expect(samplesToDetect(0.1, 0.1)).toBeNull();
  });
});
