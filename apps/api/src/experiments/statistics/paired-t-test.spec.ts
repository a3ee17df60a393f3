import { pairedTTest } from './paired-t-test';
import { expectNear } from './reference/expect-near';

// Reference values: scipy 1.17.1 ttest_1samp / ttest_rel and their confidence_interval(0.95);
// d_z and its approximate interval from the formula in reference-values.py ("paired t-test").
describe('the paired t-test on item-level differences', () => {
  it("on the differences of scipy's wilcoxon example gives t = 2.148, p = 0.0497 and its 95 % interval", () => {
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const test = pairedTTest(d)!;
    expect(test.n).toBe(15);
    expect(test.df).toBe(14);
    expectNear(test.meanDifference, 20.933333333333334);
    expectNear(test.sd, 37.7443783262898);
    expectNear(test.t, 2.14798746133112);
    expectNear(test.p, 0.049702944021800866);
    expectNear(test.ci.lower, 0.03119331839297601);
    expectNear(test.ci.upper, 41.835473348273695);
    expectNear(test.cohensDz, 0.5546079777065185);
    expectNear(test.cohensDzCi?.lower, 0.011023823094075347);
    expectNear(test.cohensDzCi?.upper, 1.0981921323189616);
  });

  it("gives what scipy's ttest_rel(after, before) gives for ten items scored before and after a prompt change", () => {
    const before = [0.61, 0.72, 0.55, 0.8, 0.43, 0.67, 0.7, 0.52, 0.66, 0.59];
    const after = [0.68, 0.75, 0.61, 0.79, 0.52, 0.74, 0.71, 0.6, 0.69, 0.66];
    const test = pairedTTest(after.map((a, i) => a - before[i]))!;
    expectNear(test.meanDifference, 0.049999999999999996);
    expectNear(test.t, 4.791574237499548);
    expectNear(test.p, 0.0009852281039190362);
    expectNear(test.ci.lower, 0.026394426438244047);
    expectNear(test.ci.upper, 0.07360557356175594);
    expectNear(test.cohensDz, 1.5152288168283157);
    expectNear(test.cohensDzCi?.lower, 0.6068623295219313);
    expectNear(test.cohensDzCi?.upper, 2.4235953041347003);
  });

  it('does not apply to a single item', () => {
    expect(pairedTTest([0.2])).toBeNull();
    expect(pairedTTest([])).toBeNull();
  });

  it('answers nulls rather than an infinite t when every item moved by the same amount', () => {
    const test = pairedTTest([0.1, 0.1, 0.1, 0.1])!;
    expect(test).toMatchObject({ sd: 0, t: null, p: null, cohensDz: null, cohensDzCi: null });
    expect(test.ci).toEqual({ lower: 0.1, upper: 0.1 });
    expect(JSON.stringify(test)).not.toMatch(/NaN|Infinity/);
  });
});
