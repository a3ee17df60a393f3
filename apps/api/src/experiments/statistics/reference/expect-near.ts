/**
 * Asserts that a computed value matches a reference value from reference-values.py to a relative
 * tolerance (1e-6 by default): |actual − expected| ≤ tolerance · max(|expected|, 1e-9).
 * Plain TypeScript (no jest global) so that the production build compiles it as it is.
 */
export function expectNear(actual: number | null | undefined, expected: number, tolerance = 1e-6): void {
  if (typeof actual === 'number' && Math.abs(actual - expected) <= tolerance * Math.max(Math.abs(expected), 1e-9)) {
    return;
  }
  throw new Error(`expected ${expected} (to a relative ${tolerance}), received ${actual}`);
}
