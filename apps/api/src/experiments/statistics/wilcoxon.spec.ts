import { expectNear } from './reference/expect-near';
import { wilcoxonSignedRank } from './wilcoxon';

// Reference values: scipy 1.17.1 `wilcoxon(d)` with its defaults, printed by reference-values.py
// ("Wilcoxon signed-rank"); |z| from `wilcoxon(d, method='asymptotic')`; the rank-biserial
// correlation from its formula on scipy's rankdata.
describe("the Wilcoxon signed-rank test, as scipy's defaults compute it", () => {
  it("gives scipy's docstring example statistic 24 and exact p = 0.041259765625", () => {
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const test = wilcoxonSignedRank(d)!;
    expect(test).toMatchObject({ n: 15, nZeros: 0, statistic: 24, rPlus: 96, rMinus: 24, method: 'exact', z: null });
    expectNear(test.p, 0.041259765625);
    expectNear(test.rankBiserial, 0.6);
  });

  it('uses the exact distribution for six untied improvements: p = 2/64', () => {
    const test = wilcoxonSignedRank([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])!;
    expect(test).toMatchObject({ method: 'exact', statistic: 0, rankBiserial: 1 });
    expectNear(test.p, 0.03125);
  });

  it('uses the exact distribution up to 50 untied pairs (p = 0.2451 for 50)', () => {
    const d = Array.from({ length: 50 }, (_, i) => (((i + 1) * 37) % 61) / 10 - 2.68);
    const test = wilcoxonSignedRank(d)!;
    expect(test.method).toBe('exact');
    expect(test.statistic).toBe(516);
    expectNear(test.p, 0.24513084584396871);
    expectNear(test.rankBiserial, 0.19058823529411764);
  });

  it('switches to the normal approximation above 50 pairs, as method="auto" does', () => {
    const d = Array.from({ length: 60 }, (_, i) => (((i + 1) * 37) % 61) / 10 - 2.68);
    const test = wilcoxonSignedRank(d)!;
    expect(test.method).toBe('normal');
    expect(test.statistic).toBe(702);
    expectNear(test.p, 0.11687612899840598);
    expectNear(test.z, 1.5680214393464464);
    expectNear(test.rankBiserial, 0.23278688524590163);
  });

  it('permutes all sign patterns for 8 pairs with ties and a zero (p = 0.15625)', () => {
    const test = wilcoxonSignedRank([0.5, 0.5, -0.25, 0.0, 1.0, 0.75, 0.5, -0.5])!;
    expect(test).toMatchObject({ method: 'permutation', nZeros: 1, statistic: 4.5, z: null });
    expectNear(test.p, 0.15625);
    expectNear(test.rankBiserial, 0.6785714285714286);
  });

  it('uses the tie-corrected normal approximation for 20 pairs with ties', () => {
    const d = [1, 1, 1, -1, 0.5, 0.5, -0.5, 1, 1, 0.25, 0.25, 0.25, -0.25, 1, 0.5, 0.75, 0.75, -1, 1, 0.5];
    const test = wilcoxonSignedRank(d)!;
    expect(test).toMatchObject({ method: 'normal', statistic: 41.5 });
    expectNear(test.p, 0.01628632429124645);
    expectNear(test.z, 2.4024350979191347);
    expectNear(test.rankBiserial, 0.6047619047619047);
  });

  it('drops the zero and uses the normal approximation for 30 pairs with ties and a zero', () => {
    const d = Array.from({ length: 30 }, (_, i) => ((((i + 1) * 7) % 31) - 15) / 10);
    const test = wilcoxonSignedRank(d)!;
    expect(test).toMatchObject({ method: 'normal', nZeros: 1, statistic: 203 });
    expectNear(test.p, 0.7537756615812206);
    expectNear(Math.abs(test.z!), 0.3136647689363223);
    expectNear(test.rankBiserial, 0.06666666666666667);
  });

  it('answers p = 1 with no effect size when nothing moved, and null for no pairs', () => {
    expect(wilcoxonSignedRank([0, 0, 0, 0, 0, 0])).toMatchObject({ statistic: 0, p: 1, rankBiserial: null });
    expect(wilcoxonSignedRank(new Array(20).fill(0))).toMatchObject({ p: 1, z: null, rankBiserial: null });
    expect(wilcoxonSignedRank([])).toBeNull();
  });
});
