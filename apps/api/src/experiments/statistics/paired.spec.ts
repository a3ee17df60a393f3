import { compareVariants, VariantResults } from './paired';
import { expectNear } from './reference/expect-near';
import { StatisticsOptionError } from './statistics.errors';
import { ScoredResult } from './summary';

type Item = [scores: Array<number | null>, passes: Array<boolean | null>];

function variant(label: string, items: Record<string, Item>): VariantResults {
  const results: ScoredResult[] = Object.entries(items).flatMap(([itemId, [scores, passes]]) =>
    scores.map((score, i) => ({ itemId, repetition: i + 1, score, pass: passes[i] })),
  );
  return { label, results };
}

/** One repetition per item, scores only (pass = score ≥ 0.5). */
function scores(label: string, values: number[]): VariantResults {
  return {
    label,
    results: values.map((score, i) => ({ itemId: `item-${i + 1}`, repetition: 1, score, pass: score >= 0.5 })),
  };
}

// 8 items × 2 repetitions: the "compareVariants: 8 items x 2 repetitions" case of reference-values.py.
const v1 = variant('v1', {
  i1: [
    [0.5, 0.6],
    [false, true],
  ],
  i2: [
    [0.4, 0.4],
    [false, false],
  ],
  i3: [
    [0.9, 0.8],
    [true, true],
  ],
  i4: [
    [0.3, null],
    [false, null],
  ],
  i5: [
    [0.7, 0.6],
    [true, true],
  ],
  i6: [
    [0.2, 0.3],
    [false, false],
  ],
  i7: [
    [0.6, 0.7],
    [true, true],
  ],
  i8: [
    [0.5, 0.5],
    [true, false],
  ],
});
const v2 = variant('v2', {
  i1: [
    [0.7, 0.8],
    [true, true],
  ],
  i2: [
    [0.6, 0.5],
    [true, false],
  ],
  i3: [
    [0.9, 1.0],
    [true, true],
  ],
  i4: [
    [0.5, 0.4],
    [false, false],
  ],
  i5: [
    [0.8, 0.8],
    [true, true],
  ],
  i6: [
    [0.3, 0.4],
    [false, false],
  ],
  i7: [
    [0.65, 0.75],
    [true, true],
  ],
  i8: [
    [0.8, 0.6],
    [true, true],
  ],
});

describe('comparing two variants paired on dataset items', () => {
  it("finds v2 better than v1 on 'accuracy' with the paired t-test scipy gives on the item means", () => {
    const cmp = compareVariants(v1, v2, { scorer: 'accuracy' });
    expect(cmp).toMatchObject({ baseline: 'v1', candidate: 'v2', scorer: 'accuracy', alpha: 0.05, nPairedItems: 8 });
    expectNear(cmp.baselineMean, 0.51875);
    expectNear(cmp.candidateMean, 0.65625);
    expectNear(cmp.tTest?.t, 7.514430561703706);
    expectNear(cmp.tTest?.p, 0.0001356482640105298);
    expect(cmp.verdict).toMatchObject({
      outcome: 'better',
      reason: null,
      decidedBy: 'paired_t_test',
      testsAgree: true,
    });
    expectNear(cmp.verdict.p, 0.0001356482640105298);
    expectNear(cmp.verdict.difference, 0.1375);
    expectNear(cmp.verdict.ci?.lower, 0.09423180663202622);
    expectNear(cmp.verdict.ci?.upper, 0.18076819336797378);
    expect(cmp.verdict.sentence).toBe("v2 better than v1 on 'accuracy', p < 0.001, +0.14 [0.09, 0.18]");
  });

  it('ranks the rounded item differences as scipy does: ties found despite float noise, permutation p = 2/256', () => {
    const { wilcoxon } = compareVariants(v1, v2);
    expect(wilcoxon).toMatchObject({ n: 8, method: 'permutation', statistic: 0 });
    expectNear(wilcoxon?.p, 0.0078125);
  });

  it('counts an item as passing when most of its repetitions pass, so a 1-of-2 split is a fail', () => {
    const { mcnemar } = compareVariants(v1, v2);
    expect(mcnemar).toMatchObject({ nItems: 8, bothPass: 3, bothFail: 3, baselineOnly: 0, candidateOnly: 2 });
    expect(mcnemar?.method).toBe('exact_binomial');
    expectNear(mcnemar?.p, 0.5);
    expect(mcnemar?.difference).toBe(0.25);
  });

  it('calls the baseline worse when the roles are swapped, with the signs turned', () => {
    const { verdict } = compareVariants(v2, v1, { scorer: 'accuracy' });
    expect(verdict.outcome).toBe('worse');
    expect(verdict.sentence).toBe("v1 worse than v2 on 'accuracy', p < 0.001, -0.14 [-0.18, -0.09]");
  });

  it('finds no significant difference for small mixed moves, and prints p to three decimals', () => {
    const cmp = compareVariants(
      scores('v1', [0.5, 0.6, 0.4, 0.7, 0.5, 0.3, 0.8, 0.6]),
      scores('v2', [0.6, 0.5, 0.6, 0.55, 0.55, 0.3, 0.9, 0.55]),
      { scorer: 'accuracy' },
    );
    expectNear(cmp.verdict.p, 0.6622113009751996);
    expectNear(cmp.verdict.ci?.lower, -0.07848317136917972);
    expectNear(cmp.verdict.ci?.upper, 0.11598317136917972);
    expectNear(cmp.wilcoxon?.p, 0.75);
    expect(cmp.verdict).toMatchObject({ outcome: 'no_significant_difference', testsAgree: true });
    expect(cmp.verdict.sentence).toBe(
      "No significant difference between v2 and v1 on 'accuracy', p = 0.662, +0.02 [-0.08, 0.12]",
    );
  });

  it('lets the t-test decide and flags that Wilcoxon disagrees when one item collapses', () => {
    const cmp = compareVariants(
      scores('v1', new Array(12).fill(0.5)),
      scores('v2', [0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59, 0.6, 0.61, 0.0]),
    );
    expectNear(cmp.verdict.p, 0.7843740270838525);
    expectNear(cmp.wilcoxon?.p, 0.0341796875);
    expect(cmp.verdict).toMatchObject({ outcome: 'no_significant_difference', testsAgree: false });
  });

  it('lets Wilcoxon decide when every item gained exactly the same (the t statistic would be infinite)', () => {
    const cmp = compareVariants(
      scores('v1', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
      scores('v2', [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]),
    );
    expect(cmp.tTest).toMatchObject({ sd: 0, t: null, p: null });
    expect(cmp.verdict).toMatchObject({ outcome: 'better', decidedBy: 'wilcoxon', testsAgree: null });
    expectNear(cmp.verdict.p, 0.03125);
    expect(cmp.verdict.sentence).toBe('v2 better than v1, p = 0.031, +0.10 [0.10, 0.10]');
  });

  it('needs 6 items scored by both variants before it concludes anything', () => {
    const cmp = compareVariants(scores('v1', [0.1, 0.2, 0.3, 0.4, 0.5]), scores('v2', [0.9, 0.9, 0.9, 0.9, 0.9]), {
      scorer: 'accuracy',
    });
    expect(cmp.verdict).toMatchObject({
      outcome: 'insufficient_data',
      reason: 'too_few_items',
      decidedBy: null,
      p: null,
      nItems: 5,
      minItems: 6,
    });
    expect(cmp.verdict.sentence).toBe(
      "Not enough data to compare v2 with v1 on 'accuracy': 5 items scored by both, 6 needed",
    );
    expect(cmp.tTest).not.toBeNull();
  });

  it('leaves out items scored by only one variant, and items whose every repetition failed to score', () => {
    const base = scores('v1', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    const cand = scores('v2', [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    cand.results = [...cand.results, { itemId: 'item-7', repetition: 1, score: null, pass: null }];
    cand.results = [...cand.results, { itemId: 'item-8', repetition: 1, score: 0.9, pass: true }];
    const cmp = compareVariants(base, cand);
    expect(cmp).toMatchObject({ nPairedItems: 6, nUnpairedItems: 2 });
  });

  it('calls data where every item scored the same in both variants insufficient, not "no difference"', () => {
    const same = [0.5, 0.7, 0.9, 0.2, 0.4, 0.6];
    const { verdict } = compareVariants(scores('v1', same), scores('v2', same), { scorer: 'accuracy' });
    expect(verdict).toMatchObject({ outcome: 'insufficient_data', reason: 'no_differences' });
    expect(verdict.sentence).toBe(
      "Not enough data to compare v2 with v1 on 'accuracy': every one of the 6 items scored the same in both",
    );
  });

  it('answers two empty variants with nulls that serialise to JSON', () => {
    const cmp = compareVariants({ label: 'a', results: [] }, { label: 'b', results: [] });
    expect(cmp).toMatchObject({
      nPairedItems: 0,
      baselineMean: null,
      tTest: null,
      wilcoxon: null,
      mcnemar: null,
      verdict: { outcome: 'insufficient_data', reason: 'too_few_items' },
    });
    expect(cmp.verdict.sentence).toBe('Not enough data to compare b with a: 0 items scored by both, 6 needed');
    expect(JSON.parse(JSON.stringify(cmp))).toEqual(cmp);
  });

  it('keeps NaN scores out of every number', () => {
    const base = scores('v1', [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    const cand = scores('v2', [0.3, 0.1, 0.5, 0.6, 0.4, 0.9, NaN]);
    const cmp = compareVariants(base, cand);
    expect(cmp.nPairedItems).toBe(6);
    expect(JSON.stringify(cmp)).not.toMatch(/NaN|Infinity/);
  });

  it('uses the alpha it is given for the verdict and the interval (0.01 → 99 %)', () => {
    const cmp = compareVariants(v1, v2, { alpha: 0.01 });
    expect(cmp.confidence).toBe(0.99);
    expect(cmp.verdict.outcome).toBe('better');
    expect(() => compareVariants(v1, v2, { alpha: 5 })).toThrow(StatisticsOptionError);
    expect(() => compareVariants(v1, v2, { minItems: 1 })).toThrow(StatisticsOptionError);
  });
});
