import { ROLLOUT_BUCKETS } from '@promptops/shared';
import { fisherExactGreater, quantile, samplesToDetect, tailExceedanceTest } from '../experiments/statistics';
import { BASELINE_VARIANT, candidateVariant } from './assignment';
import type { RolloutArmStatsDto, RolloutComparisonDto, RolloutSeriesPointDto } from './dto/rollout.dto';
import type { Rollout, RolloutGuardrails } from './rollout.entity';

/** One ended run of a rollout, as the stats need it (aborted runs are left out: the caller left). */
export interface RolloutRunSample {
  variant: string;
  failed: boolean;
  latencyMs: number | null;
  costUsd: number | null;
  createdAt: Date;
}

export interface RolloutArm {
  variant: string;
  version: number;
  /** Percent. */
  weight: number;
}

/** The arms of a rollout: its candidates in order, then the baseline with the rest of the traffic. */
export function armsOf(rollout: Pick<Rollout, 'baselineVersion' | 'candidates'>): RolloutArm[] {
  const candidates = rollout.candidates.map((c, index) => ({
    variant: candidateVariant(index),
    version: c.version,
    weight: c.weightBp / 100,
  }));
  const taken = rollout.candidates.reduce((sum, c) => sum + c.weightBp, 0);
  return [
    { variant: BASELINE_VARIANT, version: rollout.baselineVersion, weight: (ROLLOUT_BUCKETS - taken) / 100 },
    ...candidates,
  ];
}

interface ArmSamples {
  requests: number;
  errors: number;
  latencies: number[];
  costs: number[];
}

function samplesByArm(rows: readonly RolloutRunSample[]): Map<string, ArmSamples> {
  const byArm = new Map<string, ArmSamples>();
  for (const row of rows) {
    let arm = byArm.get(row.variant);
    if (!arm) byArm.set(row.variant, (arm = { requests: 0, errors: 0, latencies: [], costs: [] }));
    arm.requests++;
    if (row.failed) arm.errors++;
    else if (row.latencyMs !== null) arm.latencies.push(row.latencyMs);
    if (row.costUsd !== null) arm.costs.push(row.costUsd);
  }
  return byArm;
}

const EMPTY: ArmSamples = { requests: 0, errors: 0, latencies: [], costs: [] };

/** Requests, errors, latency percentiles (successful runs) and mean cost per arm. */
export function armStats(arms: readonly RolloutArm[], rows: readonly RolloutRunSample[]): RolloutArmStatsDto[] {
  const byArm = samplesByArm(rows);
  return arms.map((arm) => {
    const s = byArm.get(arm.variant) ?? EMPTY;
    return {
      ...arm,
      requests: s.requests,
      errors: s.errors,
      errorRate: s.requests ? s.errors / s.requests : null,
      latencyP50Ms: quantile(s.latencies, 0.5),
      latencyP95Ms: quantile(s.latencies, 0.95),
      meanCostUsd: s.costs.length ? s.costs.reduce((a, b) => a + b, 0) / s.costs.length : null,
      score: null,
    };
  });
}

/** Each candidate against the baseline: error rate and p95 latency, one-sided (see rollout-tests.ts). */
export function compareArms(
  arms: readonly RolloutArm[],
  rows: readonly RolloutRunSample[],
  alpha: number,
): RolloutComparisonDto[] {
  const byArm = samplesByArm(rows);
  const baseline = byArm.get(BASELINE_VARIANT) ?? EMPTY;
  return arms
    .filter((arm) => arm.variant !== BASELINE_VARIANT)
    .map((arm) => {
      const candidate = byArm.get(arm.variant) ?? EMPTY;
      const errors = fisherExactGreater(
        { events: candidate.errors, n: candidate.requests },
        { events: baseline.errors, n: baseline.requests },
      );
      const latency = tailExceedanceTest(candidate.latencies, baseline.latencies);
      const needed =
        errors.baseline.rate !== null && errors.candidate.rate !== null
          ? samplesToDetect(errors.baseline.rate, errors.candidate.rate, alpha)
          : null;
      return {
        variant: arm.variant,
        version: arm.version,
        errorRate: {
          pValue: errors.pValue,
          significant: errors.pValue < alpha,
          baselineRate: errors.baseline.rate,
          candidateRate: errors.candidate.rate,
        },
        p95Latency: {
          pValue: latency.pValue,
          significant: latency.pValue < alpha,
          baselineRate: latency.baseline.rate,
          candidateRate: latency.candidate.rate,
          thresholdMs: latency.threshold,
        },
        samplesNeeded: needed === null ? null : Math.ceil(needed),
      };
    });
}

/** What the guardrails conclude from the runs of the current window. */
export interface GuardrailVerdict {
  state: 'off' | 'collecting' | 'healthy' | 'tripped';
  smallestArm: number;
  comparisons: RolloutComparisonDto[];
  summary: string;
  /** Set when tripped: the first regression found. */
  trip?: { variant: string; version: number; metric: 'error_rate' | 'p95_latency'; detail: string };
}

export function evaluateGuardrails(
  arms: readonly RolloutArm[],
  rows: readonly RolloutRunSample[],
  guardrails: RolloutGuardrails,
): GuardrailVerdict {
  const byArm = samplesByArm(rows);
  const counts = arms.map((arm) => ({ arm, n: byArm.get(arm.variant)?.requests ?? 0 }));
  const smallest = counts.reduce((a, b) => (b.n < a.n ? b : a));
  const comparisons = compareArms(arms, rows, guardrails.alpha);
  if (guardrails.metrics.length === 0) {
    return { state: 'off', smallestArm: smallest.n, comparisons, summary: 'Guardrails are off' };
  }
  if (smallest.n < guardrails.minSamples) {
    return {
      state: 'collecting',
      smallestArm: smallest.n,
      comparisons,
      summary: `Collecting runs: ${smallest.arm.variant} (v${smallest.arm.version}) has ${smallest.n} of the ${guardrails.minSamples} each arm needs`,
    };
  }
  for (const comparison of comparisons) {
    const candidate = byArm.get(comparison.variant) ?? EMPTY;
    const baseline = byArm.get(BASELINE_VARIANT) ?? EMPTY;
    if (guardrails.metrics.includes('error_rate') && comparison.errorRate.significant) {
      const detail =
        `${comparison.variant} (v${comparison.version}) worse on error rate, ${formatP(comparison.errorRate.pValue)}: ` +
        `${percent(comparison.errorRate.candidateRate)} of ${candidate.requests} runs vs ${percent(comparison.errorRate.baselineRate)} of ${baseline.requests} on the baseline`;
      return trip(comparison, 'error_rate', detail, smallest.n, comparisons);
    }
    if (guardrails.metrics.includes('p95_latency') && comparison.p95Latency.significant) {
      const detail =
        `${comparison.variant} (v${comparison.version}) worse on p95 latency, ${formatP(comparison.p95Latency.pValue)}: ` +
        `${percent(comparison.p95Latency.candidateRate)} of its successful runs slower than the baseline's p95 of ` +
        `${Math.round(comparison.p95Latency.thresholdMs ?? 0)} ms, vs ${percent(comparison.p95Latency.baselineRate)} of the baseline's`;
      return trip(comparison, 'p95_latency', detail, smallest.n, comparisons);
    }
  }
  const tests = comparisons
    .map((c) => `${c.variant}: error rate ${formatP(c.errorRate.pValue)}, p95 latency ${formatP(c.p95Latency.pValue)}`)
    .join('; ');
  return { state: 'healthy', smallestArm: smallest.n, comparisons, summary: `No significant regression (${tests})` };
}

function trip(
  comparison: RolloutComparisonDto,
  metric: 'error_rate' | 'p95_latency',
  detail: string,
  smallestArm: number,
  comparisons: RolloutComparisonDto[],
): GuardrailVerdict {
  return {
    state: 'tripped',
    smallestArm,
    comparisons,
    summary: detail,
    trip: { variant: comparison.variant, version: comparison.version, metric, detail },
  };
}

/** Requests and errors per minute and arm over the last `minutes` minutes with runs. */
export function seriesOf(rows: readonly RolloutRunSample[], minutes = 120): RolloutSeriesPointDto[] {
  if (!rows.length) return [];
  const latest = Math.max(...rows.map((r) => r.createdAt.getTime()));
  const from = Math.floor(latest / 60_000) * 60_000 - (minutes - 1) * 60_000;
  const points = new Map<string, RolloutSeriesPointDto>();
  for (const row of rows) {
    const minute = Math.floor(row.createdAt.getTime() / 60_000) * 60_000;
    if (minute < from) continue;
    const key = `${minute}|${row.variant}`;
    let point = points.get(key);
    if (!point) points.set(key, (point = { minute: new Date(minute), variant: row.variant, requests: 0, errors: 0 }));
    point.requests++;
    if (row.failed) point.errors++;
  }
  return [...points.values()].sort(
    (a, b) => a.minute.getTime() - b.minute.getTime() || a.variant.localeCompare(b.variant),
  );
}

export function formatP(p: number): string {
  if (p < 0.0001) return 'p < 0.0001';
  return `p = ${p < 0.001 ? p.toPrecision(1) : p.toFixed(3)}`;
}

function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)} %`;
}
