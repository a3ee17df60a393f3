import { armsOf, armStats, evaluateGuardrails, formatP, RolloutRunSample, seriesOf } from './rollout-stats';

const at = new Date('2026-12-03T10:00:30Z');

/** `n` runs of an arm, `errors` of them failed, with latencies from `latency(i)`. */
function runs(
  variant: string,
  n: number,
  errors: number,
  latency: (i: number) => number = () => 100,
): RolloutRunSample[] {
  return Array.from({ length: n }, (_, i) => ({
    variant,
    failed: i < errors,
    latencyMs: latency(i),
    costUsd: 0.001,
    createdAt: at,
  }));
}

const arms = armsOf({ baselineVersion: 1, candidates: [{ version: 2, weightBp: 1_000 }] });
const guardrails = {
  metrics: ['error_rate', 'p95_latency'] as const,
  minSamples: 200,
  alpha: 0.05,
  action: 'pause' as const,
};

describe('rollout stats and guardrail verdicts', () => {
  it('names the arms: the baseline with the rest of the traffic, then the candidates', () => {
    expect(arms).toEqual([
      { variant: 'baseline', version: 1, weight: 90 },
      { variant: 'candidate', version: 2, weight: 10 },
    ]);
  });

  it('counts requests and errors per arm and takes latency percentiles over successful runs only', () => {
    const rows = [...runs('baseline', 10, 2, (i) => (i < 2 ? 99_999 : 100 + i)), ...runs('candidate', 4, 0)];
    const [baseline, candidate] = armStats(arms, rows);
    expect(baseline).toMatchObject({
      requests: 10,
      errors: 2,
      errorRate: 0.2,
      latencyP50Ms: 105.5,
    });
    expect(baseline.meanCostUsd).toBeCloseTo(0.001, 12);
    expect(baseline.latencyP95Ms).toBeLessThan(1_000);
    expect(candidate).toMatchObject({ requests: 4, errors: 0, errorRate: 0, score: null });
  });

  it('waits for the minimum sample in every arm before it judges', () => {
    const verdict = evaluateGuardrails([...arms], [...runs('baseline', 1_000, 0), ...runs('candidate', 150, 100)], {
      ...guardrails,
      metrics: [...guardrails.metrics],
    });
    expect(verdict.state).toBe('collecting');
    expect(verdict.smallestArm).toBe(150);
    expect(verdict.trip).toBeUndefined();
  });

  it('trips on a significantly higher error rate and says so with both rates and the p-value', () => {
    const verdict = evaluateGuardrails([...arms], [...runs('baseline', 1_000, 20), ...runs('candidate', 200, 30)], {
      ...guardrails,
      metrics: [...guardrails.metrics],
    });
    expect(verdict.state).toBe('tripped');
    expect(verdict.trip).toMatchObject({ metric: 'error_rate', variant: 'candidate', version: 2 });
    expect(verdict.trip!.detail).toMatch(
      /^candidate \(v2\) worse on error rate, p [<=] .*15\.0 % of 200 runs vs 2\.0 % of 1000/,
    );
  });

  it('trips on a slower tail, and stays healthy when the candidate is no worse', () => {
    const slow = evaluateGuardrails(
      [...arms],
      [...runs('baseline', 400, 0, (i) => 100 + (i % 100)), ...runs('candidate', 400, 0, (i) => 150 + (i % 100))],
      { ...guardrails, metrics: [...guardrails.metrics] },
    );
    expect(slow.trip?.metric).toBe('p95_latency');
    const same = evaluateGuardrails(
      [...arms],
      [...runs('baseline', 400, 4, (i) => 100 + (i % 100)), ...runs('candidate', 400, 4, (i) => 100 + (i % 100))],
      { ...guardrails, metrics: [...guardrails.metrics] },
    );
    expect(same.state).toBe('healthy');
    expect(same.summary).toMatch(/^No significant regression/);
  });

  it('counts requests and errors per minute and arm for the chart', () => {
    const rows = [...runs('baseline', 3, 1), ...runs('candidate', 2, 0)];
    expect(seriesOf(rows)).toEqual([
      { minute: new Date('2026-12-03T10:00:00Z'), variant: 'baseline', requests: 3, errors: 1 },
      { minute: new Date('2026-12-03T10:00:00Z'), variant: 'candidate', requests: 2, errors: 0 },
    ]);
  });

  it('writes p-values as people read them', () => {
    expect(formatP(0.41349)).toBe('p = 0.413');
    expect(formatP(0.00064)).toBe('p = 0.0006');
    expect(formatP(3.6e-7)).toBe('p < 0.0001');
  });
});
