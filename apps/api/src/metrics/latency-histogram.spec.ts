import {
  binLowerBound,
  HISTOGRAM_GROWTH,
  latencyBin,
  LatencyHistogram,
  SparseLatencyHistogram,
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
    // A latency beyond the last bin is kept there, not lost.
    expect(new LatencyHistogram().add(1e12).count).toBe(1);
  });

  it('merges by adding counts, so a merged histogram equals the histogram of all values', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 1; i <= 500; i++) {
      (i % 2 ? a : b).add(i * 3);
      all.add(i * 3);
    }
    expect(new LatencyHistogram().merge(a).merge(b).encode()).toBe(all.encode());
    expect(new LatencyHistogram().mergeEncoded(JSON.parse(a.encode())).merge(b).encode()).toBe(all.encode());
    expect(LatencyHistogram.decode(all.encode()).count).toBe(500);
  });

  it('stores only the bins that hold latencies, as [bin, count] pairs', () => {
    const histogram = new LatencyHistogram().add(100).add(100).add(0.2);
    expect(JSON.parse(histogram.encode())).toEqual([0, 1, latencyBin(100), 2]);
  });

  it('reads p50/p95/p99 within one bin of the exact percentiles', () => {
    // A skewed, long-tailed spread like real model latencies (deterministic).
    const values: number[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 5000; i++) values.push(Math.round(200 + 800 * (-Math.log(1 - random())) ** 1.5));
    const histogram = new LatencyHistogram();
    for (const v of values) histogram.add(v);
    const ps = [0.5, 0.95, 0.99];
    const estimates = histogram.percentiles(ps);
    ps.forEach((p, i) => {
      const exact = exactPercentile(values, p);
      expect(latencyBin(estimates[i]!)).toBe(latencyBin(exact));
      expect(Math.abs(estimates[i]! - exact) / exact).toBeLessThan(HISTOGRAM_GROWTH - 1);
    });
  });

  it('answers null for no runs and the one value for a single run', () => {
    expect(new LatencyHistogram().percentiles([0.5, 0.99])).toEqual([null, null]);
    const [p50] = new LatencyHistogram().add(420).percentiles([0.5]);
    expect(Math.abs(p50! - 420) / 420).toBeLessThan(0.05);
  });
});

describe('sparse latency histogram (what a rollup pass builds)', () => {
  it('encodes exactly as the dense one, and merges the same way', () => {
    const dense = new LatencyHistogram();
    const a = new SparseLatencyHistogram();
    const b = new SparseLatencyHistogram();
    for (const ms of [3, 3, 80, 81, 950, 12_000, 0]) {
      dense.add(ms);
      (ms > 80 ? a : b).add(ms);
    }
    expect(a.merge(b).encode()).toBe(dense.encode());
  });
});
