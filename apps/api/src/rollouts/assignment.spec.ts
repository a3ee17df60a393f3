import { armOf, assign, BASELINE_VARIANT, bucketOf, stickyKeyOf } from './assignment';

const SUBJECTS = 100_000;
const subjects = Array.from({ length: SUBJECTS }, (_, i) => `user-${i}@example.com`);

/** Share of the subjects per arm, in percentage points. */
function split(rolloutId: number, weightsBp: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const subject of subjects) {
    const { variant } = assign({ id: rolloutId, weightsBp }, subject);
    counts[variant] = (counts[variant] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([arm, n]) => [arm, (100 * n) / SUBJECTS]));
}

describe('rollout assignment', () => {
  it.each([
    ['a 1 % canary', 11, [100]],
    ['a 10 % canary', 12, [1_000]],
    ['a 50/50 A/B test', 13, [5_000]],
    ['three arms of 20 %, 30 % and 50 %', 14, [2_000, 3_000]],
    ['a 0.5 % canary', 15, [50]],
  ])('splits 100,000 subjects within ±0.5 points of the weights: %s', (_name, rolloutId, weightsBp) => {
    const shares = split(rolloutId, weightsBp);
    const baseline = 100 - weightsBp.reduce((a, b) => a + b, 0) / 100;
    expect(Math.abs((shares[BASELINE_VARIANT] ?? 0) - baseline)).toBeLessThanOrEqual(0.5);
    weightsBp.forEach((weight, index) => {
      const variant = index === 0 ? 'candidate' : `candidate-${index + 1}`;
      expect(Math.abs((shares[variant] ?? 0) - weight / 100)).toBeLessThanOrEqual(0.5);
    });
  });

  it('gives the same subject the same arm every time, on any replica (a pure function of key and rollout)', () => {
    for (const subject of subjects.slice(0, 1_000)) {
      const first = assign({ id: 7, weightsBp: [2_500] }, subject);
      expect(assign({ id: 7, weightsBp: [2_500] }, subject)).toEqual(first);
    }
    // Fixed points (Python: int.from_bytes(sha256(b"u:alice\0" + b"1").digest()[:6], "big") % 10000),
    // so that a change of hash, which would move live subjects between arms, cannot go unnoticed.
    expect(bucketOf('u:alice', 1)).toBe(2688);
    expect(bucketOf('u:alice', 2)).toBe(7005);
  });

  it('never moves a subject out of the candidate while its share only grows (1 → 5 → 25 → 50 → 100 %)', () => {
    const ramp = [1, 5, 25, 50, 100];
    let inCandidate = new Set<string>();
    for (const percent of ramp) {
      const now = new Set(subjects.filter((s) => assign({ id: 42, weightsBp: [percent * 100] }, s).candidate === 0));
      expect([...inCandidate].filter((subject) => !now.has(subject))).toEqual([]);
      expect(Math.abs((100 * now.size) / SUBJECTS - percent)).toBeLessThanOrEqual(0.5);
      inCandidate = now;
    }
    expect(inCandidate.size).toBe(SUBJECTS);
  });

  it('keeps the first candidate subjects when the last of several candidates grows', () => {
    const before = subjects.map((s) => assign({ id: 5, weightsBp: [1_000, 500] }, s).variant);
    const after = subjects.map((s) => assign({ id: 5, weightsBp: [1_000, 2_000] }, s).variant);
    const moved = before.filter((variant, i) => variant !== BASELINE_VARIANT && after[i] !== variant);
    expect(moved).toEqual([]);
  });

  it('assigns buckets to arms in order: candidates from 0 up, the baseline after them', () => {
    expect(armOf(0, [100])).toEqual({ variant: 'candidate', candidate: 0 });
    expect(armOf(99, [100])).toEqual({ variant: 'candidate', candidate: 0 });
    expect(armOf(100, [100])).toEqual({ variant: 'baseline', candidate: null });
    expect(armOf(150, [100, 100])).toEqual({ variant: 'candidate-2', candidate: 1 });
    expect(armOf(9_999, [10_000])).toEqual({ variant: 'candidate', candidate: 0 });
  });

  it('draws at random without a sticky key, still in proportion to the weights', () => {
    let candidate = 0;
    for (let i = 0; i < SUBJECTS; i++) if (assign({ id: 1, weightsBp: [1_000] }, null).candidate === 0) candidate++;
    expect(Math.abs((100 * candidate) / SUBJECTS - 10)).toBeLessThanOrEqual(0.5);
  });

  it('takes the key the rollout names, falls back to the other, and is random without either', () => {
    expect(stickyKeyOf('userId', { userId: 'ann', subjectKey: 'acct-1' })).toBe('u:ann');
    expect(stickyKeyOf('subjectKey', { userId: 'ann', subjectKey: 'acct-1' })).toBe('s:acct-1');
    expect(stickyKeyOf('userId', { subjectKey: 'acct-1' })).toBe('s:acct-1');
    expect(stickyKeyOf('subjectKey', { userId: 'ann' })).toBe('u:ann');
    expect(stickyKeyOf('userId', {})).toBeNull();
    expect(stickyKeyOf('random', { userId: 'ann' })).toBeNull();
  });
});
