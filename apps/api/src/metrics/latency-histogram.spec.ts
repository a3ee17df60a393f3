import {
  addLatency,
  binLowerBound,
  HISTOGRAM_GROWTH,
  latencyBin,
  LatencyHistogram,
  mergeHistogram,
  parseHistogram,
  percentiles,
} from './latency-histogram';

/** The exact nearest-rank percentile of a list of numbers. */
function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

describe('latency histogram', () => {
  it('puts each latency in the 5 %-wide bin whose bounds contain it', () => {
    expect(latencyBin(0)).toBe(0);
    expect(latencyBin(0.4)).toBe(0);
    expect(latencyBin(1)).toBe(1);
    for (const ms of [1, 2, 7, 20, 21, 99, 100, 101, 250, 1000, 1234, 5000, 59_999, 3_600_000]) {
      const bin = latencyBin(ms);
      expect(binLowerBound(bin)).toBeLessThanOrEqual(ms);
      expect(binLowerBound(bin + 1)).toBeGreaterThan(ms);
    }
    expect(binLowerBound(11) / binLowerBound(10)).toBeCloseTo(HISTOGRAM_GROWTH, 12);
    expect(latencyBin(3_600_000)).toBeLessThan(320);
  });

  it('merges by adding counts, so a merged histogram equals the histogram of all values', () => {
    const a: LatencyHistogram = {};
    const b: LatencyHistogram = {};
    const all: LatencyHistogram = {};
    for (let i = 1; i <= 500; i++) {
      addLatency(i % 2 ? a : b, i * 3);
      addLatency(all, i * 3);
    }
    expect(mergeHistogram(mergeHistogram({}, a), b)).toEqual(all);
    expect(parseHistogram(JSON.stringify(all))).toEqual(all);
  });

  it('reads p50/p95/p99 within one bin of the exact percentiles', () => {
    // A skewed, long-tailed spread like real model latencies (deterministic).
    const values: number[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 5000; i++) values.push(Math.round(200 + 800 * (-Math.log(1 - random())) ** 1.5));
    const histogram: LatencyHistogram = {};
    for (const v of values) addLatency(histogram, v);
    const ps = [0.5, 0.95, 0.99];
    const estimates = percentiles(histogram, ps);
    ps.forEach((p, i) => {
      const exact = exactPercentile(values, p);
      expect(latencyBin(estimates[i]!)).toBe(latencyBin(exact));
      expect(Math.abs(estimates[i]! - exact) / exact).toBeLessThan(HISTOGRAM_GROWTH - 1);
    });
  });

  it('answers null for no runs and the one value for a single run', () => {
    expect(percentiles({}, [0.5, 0.99])).toEqual([null, null]);
    const [p50] = percentiles(addLatency({}, 420), [0.5]);
    expect(Math.abs(p50! - 420) / 420).toBeLessThan(0.05);
  });
});
