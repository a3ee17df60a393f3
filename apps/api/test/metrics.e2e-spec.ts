import { Run } from '../src/runs/run.entity';
import { latencyBin } from '../src/metrics/latency-histogram';
import { MetricsRollupService } from '../src/metrics/metrics-rollup.service';
import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

interface SeedRun {
  source: 'api' | 'webhook' | 'playground' | 'flow' | 'experiment';
  kind: 'model' | 'flow';
  promptName: string;
  promptVersion: number;
  environment: string;
  provider: string;
  model: string;
  status: 'success' | 'error' | 'aborted';
  errorCode: string | null;
  latencyMs: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  createdAt: Date;
}

/** The exact nearest-rank percentile, as the test computes it from the runs it inserted. */
function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}

function expected(runs: SeedRun[]) {
  const errors = runs.filter((r) => r.status === 'error');
  const byCode = new Map<string, number>();
  for (const r of errors) byCode.set(r.errorCode ?? '', (byCode.get(r.errorCode ?? '') ?? 0) + 1);
  return {
    requests: runs.length,
    errors: errors.length,
    tokensIn: runs.reduce((s, r) => s + r.promptTokens, 0),
    tokensOut: runs.reduce((s, r) => s + r.completionTokens, 0),
    costUsd: runs.reduce((s, r) => s + r.costUsd, 0),
    byCode,
    latencies: runs.map((r) => r.latencyMs),
  };
}

describe('metrics: rollups of the run log, the dashboard overview and a prompt’s versions', () => {
  let t: TestApp;
  let rollups: MetricsRollupService;
  let now: number;
  let support: string;
  let summary: string;
  const runs: SeedRun[] = [];

  // Deterministic pseudo-random numbers, so that a failure can be replayed.
  let seed = 20261203;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

  const insert = async (batch: SeedRun[]) => {
    const rows = batch.map((r) => ({
      ...r,
      parentRunId: null,
      stepId: null,
      variables: {},
      input: [],
      parameters: {},
      output: r.status === 'success' ? 'ok' : null,
      errorMessage: r.errorCode ? 'failed' : null,
      usageEstimated: false,
      ttftMs: null,
      userId: null,
      apiKeyId: null,
      rerunOfId: null,
    }));
    for (let i = 0; i < rows.length; i += 100) await t.dataSource.getRepository(Run).insert(rows.slice(i, i + 100));
  };

  const modelRun = (promptName: string, createdAt: number, overrides: Partial<SeedRun> = {}): SeedRun => {
    const version = pick([1, 2]);
    const failed = random() < 0.15;
    return {
      source: pick(['api', 'api', 'webhook'] as const),
      kind: 'model',
      promptName,
      promptVersion: version,
      environment: pick(['prod', 'prod', 'staging']),
      provider: version === 1 ? 'openai-main' : 'anthropic-main',
      model: version === 1 ? 'gpt-4o-mini' : 'claude-haiku',
      status: failed ? 'error' : random() < 0.03 ? 'aborted' : 'success',
      errorCode: failed ? pick(['PROVIDER_TIMEOUT', 'PROVIDER_RATE_LIMITED']) : null,
      // Long-tailed like real model calls, from 80 ms to a few seconds.
      latencyMs: Math.round(80 + 600 * (-Math.log(1 - random() * 0.999)) ** 1.4),
      promptTokens: 50 + Math.floor(random() * 400),
      completionTokens: failed ? 0 : 10 + Math.floor(random() * 300),
      costUsd: failed ? 0 : Math.floor(random() * 5000) / 1e7,
      createdAt: new Date(createdAt),
      ...overrides,
    };
  };

  const overview = (query: Record<string, unknown>) =>
    t.http.get('/api/v1/metrics/overview').query(query).set(t.auth).expect(200);
  const inRange = (from: number, to: number) => (r: SeedRun) =>
    r.createdAt.getTime() >= from && r.createdAt.getTime() < to;
  const models = (r: SeedRun) => r.kind === 'model';

  /** Counts and sums exactly; p50/p95/p99 in the bin of the exact percentile or the next one. */
  const expectTotals = (totals: Record<string, unknown>, subset: SeedRun[]) => {
    const want = expected(subset);
    expect(totals.requests).toBe(want.requests);
    expect(totals.errors).toBe(want.errors);
    expect(totals.errorRate).toBeCloseTo(want.requests ? want.errors / want.requests : 0, 12);
    expect(totals.tokensIn).toBe(want.tokensIn);
    expect(totals.tokensOut).toBe(want.tokensOut);
    expect(totals.costUsd).toBeCloseTo(want.costUsd, 9);
    expect(
      Object.fromEntries((totals.errorsByCode as Array<{ code: string; count: number }>).map((e) => [e.code, e.count])),
    ).toEqual(Object.fromEntries(want.byCode));
    for (const [p, field] of [
      [0.5, 'p50Ms'],
      [0.95, 'p95Ms'],
      [0.99, 'p99Ms'],
    ] as const) {
      const exact = exactPercentile(want.latencies, p);
      expect(Math.abs(latencyBin(totals[field] as number) - latencyBin(exact))).toBeLessThanOrEqual(1);
    }
  };

  const snapshot = async () => {
    const read = (table: string) =>
      t.dataSource.query(
        `SELECT bucket_start, prompt_name, prompt_version, environment, model, provider, source, kind, status,
                error_code, requests, errors, latency_count, latency_sum_ms, latency_histogram, tokens_in, tokens_out,
                cost_usd
           FROM ${table}
          ORDER BY bucket_start, prompt_name, prompt_version, environment, model, provider, source, kind, status, error_code`,
      );
    return {
      minutes: await read('metric_rollups_minute'),
      hours: await read('metric_rollups_hour'),
      promptHours: await read('metric_rollups_hour_prompt'),
    };
  };

  beforeAll(async () => {
    // The timer job stays out of the way; the test runs passes itself.
    t = await startApp({ METRICS_ROLLUP_INTERVAL_MS: '3600000' });
    rollups = t.app.get(MetricsRollupService);
    now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const create = async () => {
      const input = promptInput();
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      return input.name as string;
    };
    support = await create();
    summary = await create();

    const past = (minMs: number, maxMs: number) => now - minMs - Math.floor(random() * (maxMs - minMs));
    // The last hour (minute buckets), the last few hours, the last days and weeks (hour buckets).
    for (let i = 0; i < 160; i++) runs.push(modelRun(pick([support, support, summary]), past(1000, HOUR - 1000)));
    for (let i = 0; i < 120; i++) runs.push(modelRun(pick([support, summary]), past(2 * HOUR, 6 * HOUR)));
    for (let i = 0; i < 80; i++) runs.push(modelRun(pick([support, summary]), past(DAY, 3 * DAY)));
    for (let i = 0; i < 60; i++) runs.push(modelRun(pick([support, summary]), past(5 * DAY, 25 * DAY)));
    // A flow run and its two steps: the flow's cost is its steps', so default views count only the steps.
    const flowAt = now - 20 * MINUTE;
    const steps = [0, 1].map(() =>
      modelRun(summary, flowAt, { source: 'flow', status: 'success', errorCode: null, costUsd: 0.0002 }),
    );
    runs.push(...steps, {
      ...steps[0],
      source: 'api',
      kind: 'flow',
      promptName: 'nightly-digest',
      promptVersion: 1,
      provider: '',
      model: '',
      latencyMs: steps[0].latencyMs + steps[1].latencyMs,
      promptTokens: steps[0].promptTokens + steps[1].promptTokens,
      completionTokens: steps[0].completionTokens + steps[1].completionTokens,
      costUsd: 0.0004,
    });
    await insert(runs);
    await rollups.rollUp(new Date(now));
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the last hour from minute buckets: requests, errors by code, tokens, cost and percentiles', async () => {
    const from = now - HOUR;
    const res = await overview({ from: new Date(from).toISOString(), to: new Date(now + MINUTE).toISOString() });
    expect(res.body.granularity).toBe('minute');
    expect(res.body.stepSeconds).toBe(60);
    expect(res.body.kind).toBe('model');
    const subset = runs.filter(inRange(from, now + MINUTE)).filter(models);
    expectTotals(res.body.totals, subset);

    // Each minute of the series holds that minute's runs.
    expect(res.body.series).toHaveLength(61);
    const minute = res.body.series.find((p: { requests: number }) => p.requests > 2);
    const start = Date.parse(minute.t);
    const inMinute = subset.filter(inRange(start, start + MINUTE));
    expect(minute.requests).toBe(inMinute.length);
    expect(minute.errors).toBe(inMinute.filter((r) => r.status === 'error').length);
    expect(res.body.series.reduce((s: number, p: { requests: number }) => s + p.requests, 0)).toBe(subset.length);
  });

  it('reads hour buckets for a 20-day range, with cost per day and the top prompts', async () => {
    const to = Math.floor(now / HOUR) * HOUR + HOUR;
    const from = to - 20 * DAY;
    const res = await overview({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expect(res.body.granularity).toBe('hour');
    expect(res.body.stepSeconds).toBeGreaterThanOrEqual(3600);
    const subset = runs.filter(inRange(from, to)).filter(models);
    expectTotals(res.body.totals, subset);
    expect(res.body.series.reduce((s: number, p: { requests: number }) => s + p.requests, 0)).toBe(subset.length);

    const today = new Date(now).toISOString().slice(0, 10);
    const day = res.body.costPerDay.find((d: { day: string }) => d.day === today);
    const todays = subset.filter((r) => r.createdAt.toISOString().slice(0, 10) === today);
    expect(day.costUsd).toBeCloseTo(expected(todays).costUsd, 9);

    const byPrompt = [support, summary].map((name) => ({
      name,
      ...expected(subset.filter((r) => r.promptName === name)),
    }));
    const costliest = [...byPrompt].sort((a, b) => b.costUsd - a.costUsd)[0];
    expect(res.body.topByCost[0].prompt).toBe(costliest.name);
    expect(res.body.topByCost[0].costUsd).toBeCloseTo(costliest.costUsd, 9);
    const worst = [...byPrompt].sort((a, b) => b.errors - a.errors)[0];
    expect(res.body.topByErrors[0]).toMatchObject({ prompt: worst.name, errors: worst.errors });
  });

  it('takes the 30-day shortcut and counts every model call once', async () => {
    const res = await overview({ range: '30d' });
    expect(res.body.granularity).toBe('hour');
    expectTotals(res.body.totals, runs.filter(models));
  });

  it('filters by prompt, environment, model, provider and source', async () => {
    const from = Math.floor(now / HOUR) * HOUR - 7 * DAY;
    const range = { from: new Date(from).toISOString(), to: new Date(from + 8 * DAY).toISOString() };
    const subset = runs.filter(inRange(from, from + 8 * DAY)).filter(models);
    const cases: Array<[Record<string, string>, (r: SeedRun) => boolean]> = [
      [{ prompt: support }, (r) => r.promptName === support],
      [{ environment: 'staging' }, (r) => r.environment === 'staging'],
      [{ model: 'claude-haiku' }, (r) => r.model === 'claude-haiku'],
      [{ provider: 'openai-main' }, (r) => r.provider === 'openai-main'],
      [{ source: 'webhook' }, (r) => r.source === 'webhook'],
      [{ source: 'flow' }, (r) => r.source === 'flow'],
      [
        { prompt: summary, environment: 'prod', source: 'api' },
        (r) => r.promptName === summary && r.environment === 'prod' && r.source === 'api',
      ],
    ];
    for (const [filter, predicate] of cases) {
      const res = await overview({ ...range, ...filter });
      expectTotals(res.body.totals, subset.filter(predicate));
    }
  });

  it('shows flow runs on their own with kind=flow, costing what their steps cost', async () => {
    const res = await overview({ range: '1h', kind: 'flow' });
    expect(res.body.totals).toMatchObject({ requests: 1, errors: 0, costUsd: 0.0004 });
    expect(res.body.topByCost).toEqual([expect.objectContaining({ prompt: 'nightly-digest', costUsd: 0.0004 })]);
  });

  it('compares a prompt’s versions, per environment, with a series per version', async () => {
    const from = now - 6 * HOUR + MINUTE;
    const range = { from: new Date(from).toISOString(), to: new Date(now + MINUTE).toISOString() };
    const res = await t.http.get(`/api/v1/prompts/${support}/metrics`).query(range).set(t.auth).expect(200);
    expect(res.body.granularity).toBe('minute');
    const mine = runs.filter(inRange(from, now + MINUTE)).filter((r) => r.promptName === support);
    expectTotals(res.body.totals, mine);
    expect(res.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    for (const v of res.body.versions) {
      expectTotals(
        v,
        mine.filter((r) => r.promptVersion === v.version),
      );
      const points = res.body.series.filter((p: { version: number }) => p.version === v.version);
      expect(points.reduce((s: number, p: { requests: number }) => s + p.requests, 0)).toBe(v.requests);
    }

    const to = Math.floor(now / HOUR) * HOUR + HOUR;
    const week = { from: new Date(to - 7 * DAY).toISOString(), to: new Date(to).toISOString(), environment: 'staging' };
    const staging = await t.http.get(`/api/v1/prompts/${support}/metrics`).query(week).set(t.auth).expect(200);
    expect(staging.body.granularity).toBe('hour');
    expectTotals(
      staging.body.totals,
      runs.filter(inRange(to - 7 * DAY, to)).filter((r) => r.promptName === support && r.environment === 'staging'),
    );
  });

  it('changes nothing when a pass runs again', async () => {
    const before = await snapshot();
    const answer = (await overview({ range: '24h' })).body;
    await rollups.rollUp(new Date(now));
    expect(await snapshot()).toEqual(before);
    const again = (await overview({ range: '24h' })).body;
    expect(again.totals).toEqual(answer.totals);
    expect(again.series).toEqual(answer.series);
  });

  it('counts a run that ended late, dated inside the rewind window, on the next pass', async () => {
    const late = modelRun(support, now - 5 * MINUTE, { status: 'error', errorCode: 'PROVIDER_OVERLOADED', costUsd: 0 });
    await insert([late]);
    const query = { from: new Date(now - HOUR).toISOString(), to: new Date(now + MINUTE).toISOString() };
    const before = (await overview(query)).body.totals;
    expect(before.errorsByCode.find((e: { code: string }) => e.code === 'PROVIDER_OVERLOADED')).toBeUndefined();

    await rollups.rollUp(new Date(now + 2 * MINUTE));
    runs.push(late);
    const after = (await overview(query)).body.totals;
    expect(after.requests).toBe(before.requests + 1);
    expect(after.errorsByCode).toContainEqual({ code: 'PROVIDER_OVERLOADED', count: 1 });
    expectTotals(after, runs.filter(inRange(now - HOUR, now + MINUTE)).filter(models));
  });

  it('lets an admin run a pass through the API and lists the values seen for filters', async () => {
    const pass = await t.http.post('/api/v1/metrics/rollup').set(t.auth).expect(200);
    expect(pass.body.hourRows).toBeGreaterThan(0);
    const dims = await t.http.get('/api/v1/metrics/dimensions').query({ range: '30d' }).set(t.auth).expect(200);
    expect(dims.body.environments).toEqual(['prod', 'staging']);
    expect(dims.body.models).toEqual(['claude-haiku', 'gpt-4o-mini']);
    expect(dims.body.prompts).toEqual(expect.arrayContaining([support, summary, 'nightly-digest']));
  });

  it('lets a viewer read the dashboard but not run a pass', async () => {
    const email = 'viewer@example.com';
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: 'Viewer', role: 'viewer', password: 'viewer-password-1' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'viewer-password-1' }).expect(200);
    const viewer = { Authorization: `Bearer ${login.body.accessToken}` };
    await t.http.get('/api/v1/metrics/overview').query({ range: '1h' }).set(viewer).expect(200);
    await t.http.get(`/api/v1/prompts/${support}/metrics`).set(viewer).expect(200);
    await t.http.post('/api/v1/metrics/rollup').set(viewer).expect(403);
  });

  it('answers 400 problem+json for a bad range or filter, 404 for an unknown prompt', async () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const bad: Array<Record<string, string>> = [
      { from: at(now - 30 * MINUTE), to: at(now) },
      { from: at(now - 31 * DAY), to: at(now) },
      { from: at(now), to: at(now - 2 * HOUR) },
      { from: at(now - 2 * HOUR) },
      { range: '2h' },
      { range: '24h', source: 'carrier-pigeon' },
      { range: '24h', kind: 'batch' },
      { from: 'yesterday', to: at(now) },
    ];
    for (const query of bad) {
      const res = await t.http.get('/api/v1/metrics/overview').query(query).set(t.auth).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const range = await t.http
      .get('/api/v1/metrics/overview')
      .query({ from: at(now - 30 * MINUTE), to: at(now) })
      .set(t.auth)
      .expect(400);
    expect(range.body.code).toBe('METRICS_RANGE_INVALID');
    await t.http.get('/api/v1/prompts/no-such-prompt/metrics').set(t.auth).expect(404);
    await t.http.get('/api/v1/metrics/overview').expect(401);
  });
});
