import { randomBytes } from 'node:crypto';
import { getMetricsFromIterator, PromHistogramData, PromMetrics } from 'prom2javascript';
import { FAKE_USAGE, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { apiKey } from './factories/serving.factory';
import { startApp, TestApp } from './harness';
import { Gauge } from 'prom-client';
import { PrometheusService } from '../src/telemetry/prometheus.service';
import { RunMetrics } from '../src/telemetry/run-metrics';

const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
const LABELS = ['prompt', 'version', 'environment', 'model', 'provider', 'status', 'source'];

/** A provider on the fake model and a published prompt deployed to prod that uses `model` on it. */
async function promptOn(t: TestApp, provider: string, model = 'gpt-4o-mini'): Promise<string> {
  const input = promptInput({ modelConfig: { provider, model }, status: 'published' });
  await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
  await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
  return input.name;
}

/** The exposition text parsed by a Prometheus text-format parser (prom2javascript). */
function parse(text: string): Promise<PromMetrics> {
  // The parser knows no NaN (valid in the format, e.g. Node's event-loop lag before its first
  // sample): those lines are left to the test that checks how NaN is written.
  const lines = text.split('\n').filter((line) => !/ NaN$/.test(line));
  return getMetricsFromIterator(lines[Symbol.iterator]());
}

async function scrape(t: TestApp): Promise<{ text: string; families: PromMetrics }> {
  const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.text, families: await parse(res.text) };
}

/** The samples of a family whose labels include `labels`. */
function samplesOf(families: PromMetrics, family: string, labels: Record<string, string> = {}) {
  const data = (families[family]?.data ?? []) as Array<{ labels: Record<string, string> }>;
  return data.filter((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
}

/** The value of the one counter sample whose labels include `labels`. */
function counter(families: PromMetrics, family: string, labels: Record<string, string>): number {
  const matching = samplesOf(families, family, labels);
  expect(matching).toHaveLength(1);
  return (matching[0] as unknown as { value: number }).value;
}

function histogram(families: PromMetrics, family: string, labels: Record<string, string>): PromHistogramData {
  const matching = samplesOf(families, family, labels);
  expect(matching).toHaveLength(1);
  return matching[0] as PromHistogramData;
}

describe('Prometheus metrics at GET /metrics', () => {
  let fake: FakeLlmServer;
  beforeAll(async () => {
    fake = await FakeLlmServer.start();
  });
  afterAll(() => fake.close());

  describe('with METRICS_TOKEN set', () => {
    let t: TestApp;
    let provider: string;
    beforeAll(async () => {
      t = await startApp({ METRICS_TOKEN, METRICS_PORT: '0' });
      const created = providerInput(fake.url);
      await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
      provider = created.name;
    });
    afterAll(() => t.close());

    it('counts calls, latency, tokens and cost per prompt version, status and source — never by user or key', async () => {
      const good = await promptOn(t, provider);
      const failing = await promptOn(t, provider, 'fake-500');
      const key = await apiKey(t, ['run', 'render']);
      const answers = [];
      for (let i = 0; i < 2; i += 1) {
        const res = await t.http
          .post(`/api/v1/run/${good}`)
          .set('X-API-Key', key)
          .send({ variables: { topic: 'rain' }, userId: 'end-user-4711' })
          .expect(200);
        answers.push(res.body);
      }
      await t.http
        .post(`/api/v1/run/${failing}`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'x' } })
        .expect(502);
      const { secret } = (
        await t.http.post(`/api/v1/prompts/${good}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
      ).body;
      await t.http.post(`/api/webhooks/${secret}`).send({ topic: 'fog' }).expect(200);
      await t.http
        .post(`/api/v1/prompts/${good}/render`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'x' } });
      const played = await t.http
        .post('/api/v1/playground/runs')
        .set(t.auth)
        .send({ prompt: good, version: 1, variables: { topic: 'sun' }, provider, model: 'gpt-4o-mini' })
        .expect(201);

      const { text, families } = await scrape(t);
      const apiSuccess = {
        prompt: good,
        version: '1',
        environment: 'prod',
        model: 'gpt-4o-mini',
        provider,
        source: 'api',
      };
      const calls = 'promptops_model_calls_total';
      expect(counter(families, calls, { ...apiSuccess, status: 'success' })).toBe(2);
      expect(counter(families, calls, { prompt: failing, model: 'fake-500', status: 'error' })).toBe(1);
      expect(counter(families, calls, { prompt: good, source: 'webhook', status: 'success' })).toBe(1);
      expect(counter(families, calls, { prompt: good, source: 'playground', environment: '' })).toBe(1);

      const duration = histogram(families, 'promptops_model_call_duration_seconds', {
        ...apiSuccess,
        status: 'success',
      });
      expect(duration.count).toBe(2);
      expect(duration.sum).toBeCloseTo((answers[0].latencyMs + answers[1].latencyMs) / 1000, 6);
      expect(Object.keys(duration.buckets)).toEqual(expect.arrayContaining(['0.05', '1', '120', '+Inf']));
      expect(duration.buckets['+Inf']).toBe(2);
      expect(histogram(families, 'promptops_model_call_duration_seconds', { prompt: failing }).count).toBe(1);

      const tokens = (direction: string) =>
        counter(families, 'promptops_tokens_total', { ...apiSuccess, status: 'success', direction });
      expect(tokens('input')).toBe(2 * FAKE_USAGE.prompt_tokens);
      expect(tokens('output')).toBe(2 * FAKE_USAGE.completion_tokens);
      const cost = counter(families, 'promptops_cost_usd_total', { ...apiSuccess, status: 'success' });
      expect(cost).toBeCloseTo(answers[0].costUsd + answers[1].costUsd, 12);
      expect(counter(families, 'promptops_cost_usd_total', { source: 'playground' })).toBeCloseTo(
        played.body.costUsd,
        12,
      );

      // Labels are the documented ones only: no user, no key, and neither value anywhere in the text.
      for (const name of [calls, 'promptops_model_call_duration_seconds', 'promptops_cost_usd_total']) {
        for (const m of samplesOf(families, name)) expect(Object.keys(m.labels).sort()).toEqual([...LABELS].sort());
      }
      expect(text).not.toContain('end-user-4711');
      expect(text).not.toContain(key);
      // Serving calls by route template (never a webhook's secret) and status, on both paths.
      const http = 'promptops_http_requests_total';
      expect(counter(families, http, { method: 'POST', route: '/api/v1/run/:name', status: '200' })).toBe(2);
      expect(counter(families, http, { route: '/api/v1/run/:name', status: '502' })).toBe(1);
      expect(counter(families, http, { route: '/api/v1/prompts/:name/render', status: '200' })).toBe(1);
      expect(counter(families, http, { route: '/api/webhooks/:secret', status: '200' })).toBe(1);
      expect(histogram(families, 'promptops_http_request_duration_seconds', { status: '502' }).count).toBe(1);
      expect(text).not.toContain(secret);
      // Node's process metrics come along.
      expect(families.process_cpu_seconds_total).toBeDefined();
    });

    it('counts a flow run once as a flow run, and its steps as model calls', async () => {
      const step = await promptOn(t, provider);
      const flow = `flow-${randomBytes(3).toString('hex')}`;
      const definition = {
        steps: [{ id: 'a', prompt: { name: step, version: 1 }, inputs: { topic: 'rain' } }],
        output: '{{ steps.a.output }}',
      };
      await t.http
        .post('/api/v1/flows')
        .set(t.auth)
        .send({ name: flow, displayName: 'Counted flow', inputs: [], definition, status: 'published' })
        .expect(201);
      await t.http.put(`/api/v1/prompts/${flow}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      const key = await apiKey(t, ['run']);
      await t.http.post(`/api/v1/flows/${flow}/execute`).set('X-API-Key', key).send({}).expect(200);

      const { families } = await scrape(t);
      expect(counter(families, 'promptops_flow_runs_total', { flow, version: '1', status: 'success' })).toBe(1);
      expect(histogram(families, 'promptops_flow_run_duration_seconds', { flow }).count).toBe(1);
      expect(counter(families, 'promptops_model_calls_total', { prompt: step, source: 'flow' })).toBe(1);
      expect(samplesOf(families, 'promptops_model_calls_total', { prompt: flow })).toHaveLength(0);
    });

    it('refuses a scrape without the token or with another one (401 problem+json)', async () => {
      const none = await t.http.get('/metrics').expect(401);
      expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(none.body.code).toBe('METRICS_TOKEN_INVALID');
      const wrong = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
      expect(wrong.body.code).toBe('METRICS_TOKEN_INVALID');
      await t.http.get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
    });

    it('serves the same metrics on METRICS_PORT, behind the same token', async () => {
      const port = t.app.get(PrometheusService).port;
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.status).toBe(200);
      const families = await parse(await res.text());
      expect(families.promptops_model_calls_total).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    });

    it('writes a value that is not a number as NaN, as the exposition format spells it', async () => {
      // Node's event-loop lag is NaN until its first sample: prom-client would write `Nan`.
      const gauge = new Gauge({ name: 'promptops_test_not_a_number', help: 'NaN on purpose', registers: [] });
      t.app.get(RunMetrics).registry.registerMetric(gauge);
      gauge.set(NaN);
      try {
        const { text } = await scrape(t);
        expect(text).toMatch(/^promptops_test_not_a_number NaN$/m);
        expect(text).not.toMatch(/ Nan$/m);
      } finally {
        t.app.get(RunMetrics).registry.removeSingleMetric('promptops_test_not_a_number');
      }
    });

    it('is not part of the API document', async () => {
      const doc = await t.http.get('/api/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
    });
  });

  it('counts label sets past METRICS_MAX_SERIES under prompt, version and model "other"', async () => {
    const t = await startApp({ METRICS_TOKEN, METRICS_MAX_SERIES: '2' });
    try {
      const created = providerInput(fake.url);
      await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
      const key = await apiKey(t, ['run']);
      const prompts = [];
      for (let i = 0; i < 4; i += 1) prompts.push(await promptOn(t, created.name));
      for (const name of prompts) {
        await t.http
          .post(`/api/v1/run/${name}`)
          .set('X-API-Key', key)
          .send({ variables: { topic: 'a' } })
          .expect(200);
      }
      // A prompt already counted keeps its own series.
      await t.http
        .post(`/api/v1/run/${prompts[0]}`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'b' } })
        .expect(200);

      const { families } = await scrape(t);
      const calls = 'promptops_model_calls_total';
      expect(samplesOf(families, calls)).toHaveLength(3);
      expect(counter(families, calls, { prompt: prompts[0] })).toBe(2);
      expect(counter(families, calls, { prompt: prompts[1] })).toBe(1);
      expect(samplesOf(families, calls, { prompt: 'other' })).toEqual([
        {
          labels: {
            prompt: 'other',
            version: 'other',
            model: 'other',
            environment: 'prod',
            provider: created.name,
            status: 'success',
            source: 'api',
          },
          value: 2,
        },
      ]);
      expect(histogram(families, 'promptops_model_call_duration_seconds', { prompt: 'other' }).count).toBe(2);
      expect(samplesOf(families, 'promptops_tokens_total', { prompt: 'other' })).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('is off without METRICS_TOKEN: /metrics answers 404', async () => {
    const t = await startApp();
    try {
      const res = await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    } finally {
      await t.close();
    }
  });
});
