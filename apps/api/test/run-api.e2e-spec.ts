import { FAKE_ANSWER, FAKE_USAGE, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';
import { sseEvents } from './sse';

describe('run API and webhooks calling the model', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let provider: string;
  let prompt: string;
  let key: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const created = providerInput(fake.url, { models: [] });
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
    const input = promptInput({
      template: 'Write a short poem about {{ topic }}.',
      modelConfig: { provider, model: 'gpt-4o-mini', temperature: 0.3, maxTokens: 64 },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    prompt = input.name;
    await t.http.put(`/api/v1/prompts/${prompt}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    key = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'backend', scopes: ['run'], rateLimitPerMinute: 1000 })
        .expect(201)
    ).body.key;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const runRow = async (id: number) =>
    (
      await t.dataSource.query(
        'SELECT source, api_key_id, environment, prompt_version, status FROM runs WHERE id = ?',
        [id],
      )
    )[0];

  it('runs the prod version on its model for a backend service and logs the call', async () => {
    const res = await t.http
      .post(`/api/v1/run/${prompt}`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'rain' } })
      .expect(200);
    expect(res.body).toMatchObject({
      output: FAKE_ANSWER,
      version: 1,
      environment: 'prod',
      model: 'gpt-4o-mini',
      usage: {
        promptTokens: FAKE_USAGE.prompt_tokens,
        completionTokens: FAKE_USAGE.completion_tokens,
        estimated: false,
      },
    });
    expect(res.body.costUsd).toBeGreaterThan(0);
    expect(res.body.latencyMs).toEqual(expect.any(Number));
    expect(fake.requests.at(-1)!.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.3,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Write a short poem about rain.' }],
    });
    const row = await runRow(res.body.runId);
    expect(row).toMatchObject({ source: 'api', environment: 'prod', prompt_version: 1, status: 'success' });
    expect(row.api_key_id).toEqual(expect.any(Number));
  });

  it('follows a provider change at once: disabled, re-enabled, moved to another address', async () => {
    const call = () =>
      t.http
        .post(`/api/v1/run/${prompt}`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'fog' } });
    await call().expect(200); // the provider is now in the serving cache
    await t.http.patch(`/api/v1/providers/${provider}`).set(t.auth).send({ enabled: false }).expect(200);
    expect((await call().expect(400)).body.code).toBe('PROVIDER_DISABLED');
    await t.http.patch(`/api/v1/providers/${provider}`).set(t.auth).send({ enabled: true }).expect(200);
    await call().expect(200);

    const moved = await FakeLlmServer.start();
    try {
      await t.http
        .patch(`/api/v1/providers/${provider}`)
        .set(t.auth)
        .send({ baseUrl: `${moved.url}/v1` })
        .expect(200);
      await call().expect(200);
      expect(moved.requests).toHaveLength(1);
    } finally {
      await t.http
        .patch(`/api/v1/providers/${provider}`)
        .set(t.auth)
        .send({ baseUrl: `${fake.url}/v1` })
        .expect(200);
      await moved.close();
    }
  });

  it('streams start, delta and done events to a real HTTP client', async () => {
    const response = await fetch(`${baseUrl}/api/v1/run/${prompt}`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ variables: { topic: 'snow' }, stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const events = sseEvents(text);
    expect(events[0].event).toBe('start');
    expect(events.at(-1)!.event).toBe('done');
    const deltas = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    expect(deltas).toBe(FAKE_ANSWER);
    expect(events.at(-1)!.data).toMatchObject({ output: FAKE_ANSWER, version: 1, environment: 'prod' });
  });

  it('refuses bad calls before any model is called', async () => {
    const before = fake.requests.length;
    const missing = await t.http
      .post(`/api/v1/run/${prompt}`)
      .set('X-API-Key', key)
      .send({ variables: {} })
      .expect(400);
    expect(missing.body.detail).toBe('Missing variable: {{topic}}');

    const renderOnly = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'r', scopes: ['render'], rateLimitPerMinute: 10 })
        .expect(201)
    ).body.key;
    const scope = await t.http
      .post(`/api/v1/run/${prompt}`)
      .set('X-API-Key', renderOnly)
      .send({ variables: { topic: 'x' } })
      .expect(403);
    expect(scope.body.code).toBe('API_KEY_SCOPE_MISSING');

    const noModel = promptInput({ template: 'Hi {{ topic }}', modelConfig: {}, status: 'published' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(noModel).expect(201);
    await t.http.put(`/api/v1/prompts/${noModel.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const unconfigured = await t.http
      .post(`/api/v1/run/${noModel.name}`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'x' } })
      .expect(409);
    expect(unconfigured.body.code).toBe('MODEL_NOT_CONFIGURED');

    await t.http.post('/api/v1/run/no-such-prompt').set('X-API-Key', key).send({}).expect(404);
    expect(fake.requests.length).toBe(before);
  });

  it('answers a Zapier-style form post with a flat object from the model', async () => {
    const { secret } = (
      await t.http.post(`/api/v1/prompts/${prompt}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
    ).body;
    const res = await t.http.post(`/api/webhooks/${secret}`).type('form').send('topic=the+sea').expect(200);
    expect(res.body).toEqual({
      output: FAKE_ANSWER,
      runId: expect.any(Number),
      version: 1,
      rolloutVariant: null,
      environment: 'prod',
      model: 'gpt-4o-mini',
      promptTokens: FAKE_USAGE.prompt_tokens,
      completionTokens: FAKE_USAGE.completion_tokens,
      costUsd: expect.any(Number),
      latencyMs: expect.any(Number),
    });
    expect(fake.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: 'Write a short poem about the sea.' },
    ]);
    expect((await runRow(res.body.runId)).source).toBe('webhook');

    const json = await t.http.post(`/api/webhooks/${secret}`).send({ topic: 'fog' }).expect(200);
    expect(json.body.output).toBe(FAKE_ANSWER);
    const missing = await t.http.post(`/api/webhooks/${secret}`).send({}).expect(400);
    expect(missing.body).toMatchObject({ detail: 'Missing variable: {{topic}}', error: 'Missing variable: {{topic}}' });
  });

  it('lists every run in the run log, filtered by source, status and prompt', async () => {
    const api = await t.http.get('/api/v1/runs').query({ source: 'api', prompt }).set(t.auth).expect(200);
    expect(api.body.total).toBeGreaterThanOrEqual(2);
    expect(api.body.items.every((r: { source: string }) => r.source === 'api')).toBe(true);
    const hooks = await t.http
      .get('/api/v1/runs')
      .query({ source: 'webhook', status: 'success' })
      .set(t.auth)
      .expect(200);
    expect(hooks.body.items.length).toBeGreaterThanOrEqual(2);
    const one = await t.http.get(`/api/v1/runs/${api.body.items[0].id}`).set(t.auth).expect(200);
    expect(one.body).toMatchObject({ source: 'api', output: FAKE_ANSWER });
    await t.http.get('/api/v1/runs').query({ source: 'telepathy' }).set(t.auth).expect(400);
  });
});
