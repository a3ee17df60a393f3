import { mcnemarTest, PassPair } from './mcnemar';
import { expectNear } from './reference/expect-near';

/** Items judged pass/fail in both variants, by the four cells of the 2 × 2 table. */
function table(bothPass: number, bothFail: number, baselineOnly: number, candidateOnly: number): PassPair[] {
  const repeat = (n: number, pair: PassPair) => Array.from({ length: n }, () => pair);
  return [
    ...repeat(bothPass, { baseline: true, candidate: true }),
    ...repeat(bothFail, { baseline: false, candidate: false }),
    ...repeat(baselineOnly, { baseline: true, candidate: false }),
    ...repeat(candidateOnly, { baseline: false, candidate: true }),
  ];
}

// Reference values: scipy 1.17.1 binomtest(min(b, c), b + c, 0.5) and chi2.sf, and the
// Agresti–Min interval formula, printed by reference-values.py ("McNemar").
describe("McNemar's test on items that pass or fail in each variant", () => {
  it('uses the exact binomial test below 25 discordant items: b = 2, c = 9 gives p = 0.0654', () => {
    const test = mcnemarTest(table(20, 9, 2, 9))!;
    expect(test).toMatchObject({
      nItems: 40,
      baselineOnly: 2,
      candidateOnly: 9,
      method: 'exact_binomial',
      statistic: 2,
    });
    expectNear(test.p, 0.0654296875);
    expect(test.baselinePassRate).toBe(22 / 40);
    expect(test.candidatePassRate).toBe(29 / 40);
    expectNear(test.difference, 7 / 40);
    expectNear(test.ci.lower, 0.013070685073045318);
    expectNear(test.ci.upper, 0.320262648260288);
  });

  it('uses the continuity-corrected chi-square from 25 discordant items: b = 10, c = 25 gives p = 0.0180', () => {
    const test = mcnemarTest(table(30, 15, 10, 25))!;
    expect(test.method).toBe('chi_square_corrected');
    expectNear(test.statistic, 14 ** 2 / 35);
    expectNear(test.p, 0.01796047752607879);
    expectNear(test.ci.lower, 0.045088537766886955);
    expectNear(test.ci.upper, 0.32076512076969843);
  });

  it('gives p = 1 when the discordant items balance out, even past 25 of them', () => {
    const test = mcnemarTest(table(40, 10, 13, 12))!;
    expect(test).toMatchObject({ method: 'chi_square_corrected', statistic: 0, p: 1 });
    expectNear(test.ci.lower, -0.1427454326450949);
    expectNear(test.ci.upper, 0.11677140667106892);
  });

  it('gives p = 1 and an interval around 0 when the variants agree on every item', () => {
    const test = mcnemarTest(table(7, 3, 0, 0))!;
    expect(test).toMatchObject({ p: 1, difference: 0 });
    expectNear(test.ci.lower, -0.1633303320450045);
    expectNear(test.ci.upper, 0.1633303320450045);
  });

  it('has nothing to say without items judged in both variants', () => {
    expect(mcnemarTest([])).toBeNull();
  });
});
