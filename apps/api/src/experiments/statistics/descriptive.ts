/**
 * Descriptive statistics on plain arrays: mean, sample standard deviation, numpy's default
 * quantile, a t-based interval for a mean and Wilson's interval for a proportion. Every
 * function answers `null` where a value does not exist (an empty sample, an sd of one value)
 * rather than NaN, so results always serialise to JSON.
 */
import { normalQuantile, tQuantile } from './distributions';

/** A two-sided confidence interval. */
export interface Interval {
  lower: number;
  upper: number;
}

/** Keeps the finite numbers: null, undefined, NaN and ±Infinity are dropped. */
export function finiteValues(values: ReadonlyArray<number | null | undefined>): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

/** True when every value is the same number (the mean is then that number, the sd exactly 0). */
function allEqual(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Arithmetic mean, or null for an empty sample. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // Six times 0.1 sums to 0.6000000000000001: equal values would otherwise get a tiny, spurious sd.
  if (allEqual(values)) return values[0];
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (divisor n − 1, numpy's `ddof=1`), or null below two values. */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  if (allEqual(values)) return 0;
  const m = mean(values) as number;
  let squares = 0;
  for (const v of values) squares += (v - m) * (v - m);
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order statistics, as numpy's
 * default (`method='linear'`, Hyndman & Fan type 7): quantile([1, 2, 3, 4], 0.95) = 3.85.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0 || !(q >= 0 && q <= 1)) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = h - lo;
  const a = sorted[lo];
  const b = sorted[hi];
  // numpy's _lerp: interpolate from the nearer end, so that q = 1 gives exactly the maximum.
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

/** What the lab shows for a cost or latency column. */
export interface NumberSummary {
  /** How many finite values there were. */
  n: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

/** Mean, median, 95th percentile and range of the finite values (costs, latencies). */
export function describeNumbers(values: ReadonlyArray<number | null | undefined>): NumberSummary {
  const finite = finiteValues(values);
  return {
    n: finite.length,
    mean: mean(finite),
    p50: quantile(finite, 0.5),
    p95: quantile(finite, 0.95),
    min: finite.length ? Math.min(...finite) : null,
    max: finite.length ? Math.max(...finite) : null,
  };
}

/**
 * Student-t interval of the mean: mean ± t(1 − α/2, n − 1) · sd / √n. Null below two values;
 * a sample of equal values gives the zero-width interval at its mean.
 */
export function meanConfidenceInterval(values: readonly number[], confidence: number): Interval | null {
  const sd = sampleStandardDeviation(values);
  if (sd === null) return null;
  const m = mean(values) as number;
  const half = tQuantile(1 - (1 - confidence) / 2, values.length - 1) * (sd / Math.sqrt(values.length));
  return { lower: m - half, upper: m + half };
}

/**
 * Wilson's score interval for a proportion (Wilson 1927; statsmodels `proportion_confint(method=
 * 'wilson')`, scipy `binomtest(...).proportion_ci(method='wilson')`): unlike the Wald interval it
 * stays inside [0, 1] and keeps its coverage at 0 % and 100 %. Null when there are no trials.
 */
export function wilsonInterval(successes: number, trials: number, confidence: number): Interval | null {
  if (trials <= 0) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
