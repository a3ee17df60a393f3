/**
 * A latency histogram with fixed log-spaced bins, stored sparse as a flat JSON array
 * `[bin, count, bin, count, …]` so that a rollup row costs a few bytes per latency band, and
 * merged by adding counts: any set of rollups gives the same histogram as its runs would.
 *
 * Bin 0 holds latencies under 1 ms; bin b ≥ 1 holds [GROWTH^(b-1), GROWTH^b) ms. Each bin is
 * 5 % wide, so a percentile read from the histogram lies in the same bin as the exact one
 * (within 5 % of it). 1 ms to 1 hour takes about 310 bins; latencies beyond ~80 hours share the last.
 */
export const HISTOGRAM_GROWTH = 1.05;
export const HISTOGRAM_BINS = 400;
const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);

/** The bin a latency in milliseconds falls into. */
export function latencyBin(ms: number): number {
  if (!(ms >= 1)) return 0;
  let bin = Math.floor(Math.log(ms) / LOG_GROWTH) + 1;
  // Floating-point log can land a hair off at exact powers; keep the bounds the definition gives.
  if (ms < binLowerBound(bin)) bin -= 1;
  else if (ms >= binLowerBound(bin + 1)) bin += 1;
  return Math.min(bin, HISTOGRAM_BINS - 1);
}

/** The smallest latency in a bin (0 for bin 0). */
export function binLowerBound(bin: number): number {
  return bin <= 0 ? 0 : HISTOGRAM_GROWTH ** (bin - 1);
}

/** The value reported for a bin: its geometric middle (0.5 ms for bin 0). */
export function binValue(bin: number): number {
  return bin <= 0 ? 0.5 : HISTOGRAM_GROWTH ** (bin - 0.5);
}

/** Counts per bin, dense while summing; `encode()` gives the sparse form a rollup row stores. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(HISTOGRAM_BINS);
  count = 0;

  add(ms: number, times = 1): this {
    this.counts[latencyBin(ms)] += times;
    this.count += times;
    return this;
  }

  merge(other: LatencyHistogram): this {
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) this.counts[bin] += other.counts[bin];
    this.count += other.count;
    return this;
  }

  /** Adds a stored histogram (`[bin, count, …]`, as `encode()` wrote it). */
  mergeEncoded(sparse: readonly number[]): this {
    for (let i = 0; i < sparse.length; i += 2) {
      this.counts[sparse[i]] += sparse[i + 1];
      this.count += sparse[i + 1];
    }
    return this;
  }

  encode(): string {
    const sparse: number[] = [];
    for (let bin = 0; bin < HISTOGRAM_BINS; bin++) if (this.counts[bin] > 0) sparse.push(bin, this.counts[bin]);
    return JSON.stringify(sparse);
  }

  static decode(json: string): LatencyHistogram {
    return new LatencyHistogram().mergeEncoded(JSON.parse(json) as number[]);
  }

  /**
   * Nearest-rank percentiles (p in 0..1): the value of the bin holding the ⌈p·n⌉-th smallest
   * latency, rounded to a tenth of a millisecond; null for an empty histogram.
   */
  percentiles(ps: readonly number[]): Array<number | null> {
    if (this.count === 0) return ps.map(() => null);
    return ps.map((p) => {
      const rank = Math.max(1, Math.ceil(p * this.count));
      let seen = 0;
      let bin = 0;
      for (; bin < HISTOGRAM_BINS - 1; bin++) {
        seen += this.counts[bin];
        if (seen >= rank) break;
      }
      return Math.round(binValue(bin) * 10) / 10;
    });
  }
}

/**
 * The sparse form for building many small histograms (a rollup pass makes one per bucket and
 * key): bin → count, encoded exactly as `LatencyHistogram.encode()` would.
 */
export class SparseLatencyHistogram {
  private readonly counts = new Map<number, number>();

  add(ms: number, times = 1): this {
    const bin = latencyBin(ms);
    this.counts.set(bin, (this.counts.get(bin) ?? 0) + times);
    return this;
  }

  merge(other: SparseLatencyHistogram): this {
    for (const [bin, count] of other.counts) this.counts.set(bin, (this.counts.get(bin) ?? 0) + count);
    return this;
  }

  encode(): string {
    const sparse: number[] = [];
    for (const bin of [...this.counts.keys()].sort((a, b) => a - b)) sparse.push(bin, this.counts.get(bin)!);
    return JSON.stringify(sparse);
  }
}
