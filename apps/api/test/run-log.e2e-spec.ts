import { FAKE_USAGE, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';
import { RunLog } from '../src/runs/run-log';

const usd = (dollars: number) => Number(dollars.toFixed(10));
/** What one call of gpt-4o-mini costs with the fake's usage, at list price. */
const MINI_CALL = usd((FAKE_USAGE.prompt_tokens * 0.15 + FAKE_USAGE.completion_tokens * 0.6) / 1e6);

describe('the run log: finding, totalling and exporting calls', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let poem: string;
  let other: string;
  let billing: { id: number; key: string };
  let support: { id: number; key: string };
  let startedAt: Date;

  const createKey = async (name: string) => {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name, scopes: ['run'], rateLimitPerMinute: 1000 })
      .expect(201);
    return { id: res.body.id as number, key: res.body.key as string };
  };
  const run = (name: string, key: string, topic: string, environment = 'prod') =>
    t.http.post(`/api/v1/run/${name}`).set('X-API-Key', key).send({ variables: { topic }, environment }).expect(200);
  const list = (query: Record<string, unknown>) => t.http.get('/api/v1/runs').query(query).set(t.auth).expect(200);

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    const provider = providerInput(fake.url, { models: [] });
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const deployed = async (model: string) => {
      const input = promptInput({ modelConfig: { provider: provider.name, model }, status: 'published' });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      for (const environment of ['prod', 'staging']) {
        await t.http.put(`/api/v1/prompts/${input.name}/deployments/${environment}`).set(t.auth).send({ version: 1 });
      }
      return input.name;
    };
    poem = await deployed('gpt-4o-mini');
    other = await deployed('house-model');
    billing = await createKey('billing-service');
    support = await createKey('support-bot');
    startedAt = new Date();
    await run(poem, billing.key, 'rain');
    await run(poem, billing.key, 'snow');
    await run(poem, support.key, 'fog', 'staging');
    await run(other, billing.key, 'hail');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('shows the environment and the API key name of each run', async () => {
    const res = await list({ prompt: poem, environment: 'staging' });
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      environment: 'staging',
      apiKeyId: support.id,
      apiKeyName: 'support-bot',
      model: 'gpt-4o-mini',
    });
  });

  it('filters by API key, model and environment, with totals for the whole filter', async () => {
    const byKey = await list({ apiKeyId: billing.id, pageSize: 1 });
    expect(byKey.body.total).toBe(3);
    expect(byKey.body.items).toHaveLength(1);
    expect(byKey.body.totals).toEqual({
      calls: 3,
      promptTokens: 3 * FAKE_USAGE.prompt_tokens,
      completionTokens: 3 * FAKE_USAGE.completion_tokens,
      costUsd: usd(2 * MINI_CALL),
      unpricedCalls: 1,
    });
    const byModel = await list({ model: 'gpt-4o-mini', environment: 'prod', apiKeyId: billing.id });
    expect(byModel.body.total).toBe(2);
    expect(byModel.body.totals).toMatchObject({ calls: 2, costUsd: usd(2 * MINI_CALL), unpricedCalls: 0 });
  });

  it('finds runs by text in their input, model or prompt name', async () => {
    const snow = await list({ search: 'SNOW' });
    expect(snow.body.items.map((r: { apiKeyName: string }) => r.apiKeyName)).toEqual(['billing-service']);
    expect((await list({ search: 'house-mod' })).body.total).toBe(1);
    expect((await list({ search: '100%' })).body.total).toBe(0);
  });

  it('filters by a date range', async () => {
    const inRange = await list({ from: startedAt.toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
    expect(inRange.body.total).toBe(4);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).body.total).toBe(0);
    expect((await list({ to: new Date(startedAt.getTime() - 60_000).toISOString() })).body.total).toBe(0);
    const bad = await t.http.get('/api/v1/runs').query({ from: 'yesterday' }).set(t.auth).expect(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('exports the filtered runs as CSV, one line per run, with the key name', async () => {
    const res = await t.http
      .get('/api/v1/runs/export')
      .query({ apiKeyId: billing.id })
      .set(t.auth)
      .buffer(true)
      .parse((response, callback) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => callback(null, text));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="runs.csv"');
    const lines = (res.body as string).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,createdAt,source,prompt,version,environment,apiKey,provider,model,status,errorCode,promptTokens,completionTokens,costUsd,latencyMs,user,kind,parentRunId,stepId',
    );
    expect(lines).toHaveLength(4);
    const newest = lines[1].split(',');
    expect(newest.slice(2, 10)).toEqual([
      'api',
      other,
      '1',
      'prod',
      'billing-service',
      expect.any(String),
      'house-model',
      'success',
    ]);
    expect(new Date(newest[1]).getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect(lines.slice(2).every((line) => line.includes(`,${poem},`) && line.includes(`,${MINI_CALL},`))).toBe(true);
  });

  it('exports every matching run however many batches it takes, and only the header when none match', async () => {
    // Logged the way every model call is, without calling a model 1,201 times: all at once,
    // so the log writes them in batches.
    const log = t.app.get(RunLog);
    await Promise.all(
      Array.from({ length: 1201 }, async (_, i) =>
        log.write(
          await log.nextId(),
          new Date(),
          {
            source: 'api',
            promptName: 'bulk-prompt',
            promptVersion: 1,
            environment: 'prod',
            variables: {},
            input: [{ role: 'user', content: `call ${i}` }],
            provider: 'p',
            model: 'bulk-model',
            parameters: {},
          },
          { status: 'success', output: 'ok', promptTokens: 1, completionTokens: 1, costUsd: null },
        ),
      ),
    );
    const all = await t.http.get('/api/v1/runs/export').query({ prompt: 'bulk-prompt' }).set(t.auth).expect(200);
    const ids = all.text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[0]));
    expect(ids).toHaveLength(1201);
    expect(new Set(ids).size).toBe(1201);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const none = await t.http.get('/api/v1/runs/export').query({ model: 'no-such-model' }).set(t.auth).expect(200);
    expect(none.text.trimEnd().split('\n')).toHaveLength(1);
    await t.http.get('/api/v1/runs/export').query({ pageSize: 10 }).set(t.auth).expect(400);
  });
});
