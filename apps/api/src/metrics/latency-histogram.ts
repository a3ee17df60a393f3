/**
 * A latency histogram with fixed log-spaced bins, stored sparse (`{ bin: count }`) so that a
 * rollup row costs a few bytes per distinct latency band, and merged by adding counts — any
 * range of rollups gives the same histogram as the runs in it would.
 *
 * Bin 0 holds latencies under 1 ms; bin b ≥ 1 holds [GROWTH^(b-1), GROWTH^b) ms. Each bin is
 * 5 % wide, so a percentile read from the histogram lies in the same bin as the exact one: within
 * 5 % of it. 1 ms to 1 hour needs about 310 bins.
 */
export const HISTOGRAM_GROWTH = 1.05;
const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);

export type LatencyHistogram = Record<number, number>;

/** The bin a latency in milliseconds falls into. */
export function latencyBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  const bin = Math.floor(Math.log(ms) / LOG_GROWTH) + 1;
  // Floating-point log can land a hair off at exact powers; keep the bounds the definition gives.
  if (ms < binLowerBound(bin)) return bin - 1;
  if (ms >= binLowerBound(bin + 1)) return bin + 1;
  return bin;
}

/** The smallest latency in a bin (0 for bin 0). */
export function binLowerBound(bin: number): number {
  return bin <= 0 ? 0 : HISTOGRAM_GROWTH ** (bin - 1);
}

/** The value reported for a bin: its geometric middle (0.5 ms for bin 0). */
export function binValue(bin: number): number {
  return bin <= 0 ? 0.5 : HISTOGRAM_GROWTH ** (bin - 0.5);
}

export function addLatency(histogram: LatencyHistogram, ms: number, count = 1): LatencyHistogram {
  const bin = latencyBin(ms);
  histogram[bin] = (histogram[bin] ?? 0) + count;
  return histogram;
}

/** Adds `from`'s counts into `into` and returns `into`. */
export function mergeHistogram(into: LatencyHistogram, from: LatencyHistogram): LatencyHistogram {
  for (const key in from) into[key as unknown as number] = (into[key as unknown as number] ?? 0) + from[key];
  return into;
}

export function histogramCount(histogram: LatencyHistogram): number {
  let total = 0;
  for (const key in histogram) total += histogram[key];
  return total;
}

/**
 * Nearest-rank percentiles (p in 0..1): the value of the bin holding the ⌈p·n⌉-th smallest
 * latency, rounded to a tenth of a millisecond; null for an empty histogram.
 */
export function percentiles(histogram: LatencyHistogram, ps: readonly number[]): Array<number | null> {
  const bins = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b);
  const total = histogramCount(histogram);
  if (total === 0) return ps.map(() => null);
  return ps.map((p) => {
    const rank = Math.max(1, Math.ceil(p * total));
    let seen = 0;
    for (const bin of bins) {
      seen += histogram[bin];
      if (seen >= rank) return Math.round(binValue(bin) * 10) / 10;
    }
    return Math.round(binValue(bins[bins.length - 1]) * 10) / 10;
  });
}

export function parseHistogram(json: string | null | undefined): LatencyHistogram {
  if (!json) return {};
  return JSON.parse(json) as LatencyHistogram;
}
