import fc from 'fast-check';
import { compareVariants, summarizeVariant } from './index';
import { ScoredResult } from './summary';

/**
 * Property: whatever the results (scorer errors, NaN, equal scores, one item, none, uneven
 * repetitions), a summary and a comparison serialise to JSON unchanged, with no NaN or Infinity,
 * every p-value and rate in [0, 1] and every interval ordered. Seeded, so a failure reproduces;
 * FUZZ_RUNS and FUZZ_SEED explore further locally.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

const score = fc.oneof(
  fc.constantFrom(0, 0.5, 1, null, NaN),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 4 }).map((n) => n / 4),
);
const result = fc.record({
  itemId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  repetition: fc.integer({ min: 1, max: 5 }),
  score,
  pass: fc.constantFrom(true, false, null),
});
const results = fc.array(result, { maxLength: 40 });

function assertSane(value: unknown, path = '$'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
    if (/(\.p|[rR]ate)$/.test(path) && (value < 0 || value > 1)) throw new Error(`${path} = ${value} is not in [0, 1]`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.lower === 'number' && typeof record.upper === 'number' && record.lower > record.upper) {
    throw new Error(`${path} is an inverted interval`);
  }
  for (const [key, child] of Object.entries(record)) assertSane(child, `${path}.${key}`);
}

describe('statistics on arbitrary experiment results', () => {
  it('always answers finite, JSON-safe numbers, p-values and rates in [0, 1], ordered intervals', () => {
    fc.assert(
      fc.property(results, results, (a: ScoredResult[], b: ScoredResult[]) => {
        const summary = summarizeVariant(a, { repetitions: 5 });
        assertSane(summary);
        expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
        const cmp = compareVariants({ label: 'a', results: a }, { label: 'b', results: b }, { minItems: 2 });
        assertSane(cmp);
        expect(JSON.parse(JSON.stringify(cmp))).toEqual(cmp);
        expect(cmp.verdict.sentence).not.toMatch(/NaN|Infinity|undefined/);
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 14), numRuns: RUNS },
    );
  });

  it('gives the mirror verdict when baseline and candidate swap places', () => {
    const mirror = { better: 'worse', worse: 'better' } as Record<string, string>;
    fc.assert(
      fc.property(results, results, (a: ScoredResult[], b: ScoredResult[]) => {
        const ab = compareVariants({ label: 'a', results: a }, { label: 'b', results: b }, { minItems: 2 }).verdict;
        const ba = compareVariants({ label: 'b', results: b }, { label: 'a', results: a }, { minItems: 2 }).verdict;
        expect(ba.outcome).toBe(mirror[ab.outcome] ?? ab.outcome);
        if (ab.p !== null) expect(ba.p).toBeCloseTo(ab.p, 12);
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 14), numRuns: RUNS },
    );
  });
});
