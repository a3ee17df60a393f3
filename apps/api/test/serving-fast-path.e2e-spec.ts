import { ServingFastPath } from '../src/serving/serving-fast-path';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { providerInput } from './factories/provider.factory';
import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';
import { postJson } from './post-json';

/**
 * API-key renders with a JSON body are answered before Fastify and Nest see them. Sent with
 * `Transfer-Encoding: chunked` instead of a Content-Length, the same request goes through
 * Fastify and the Nest route: both answers must be the same, for success and every failure.
 */
describe('serving fast path: POST /api/v1/prompts/{name}/render with X-API-Key', () => {
  let t: TestApp;
  let baseUrl: string;
  let name: string;
  let key: string;
  let readOnlyKey: string;

  beforeAll(async () => {
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    await t.http
      .post('/api/v1/providers')
      .set(t.auth)
      .send({ name: 'openai', kind: 'openai', apiKey: 'sk-test-not-called' })
      .expect(201);
    const input = promptInput({
      template: '# system:\nYou help with {{ product }}.\n# user:\n{{ question }}',
      variablesMeta: [
        { name: 'product', type: 'string', default: 'Acme' },
        { name: 'question', type: 'text', required: true },
      ],
      modelConfig: { provider: 'openai', model: 'gpt-4o-mini' },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    name = input.name;
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const create = (scopes: string[]) =>
      t.http.post('/api/v1/api-keys').set(t.auth).send({ name: 'svc', scopes, rateLimitPerMinute: 1000 }).expect(201);
    key = (await create(['render'])).body.key;
    readOnlyKey = (await create(['read'])).body.key;
  });
  afterAll(() => t.close());

  /** Posts `body` with a Content-Length (fast path) or chunked (Fastify and Nest). */
  async function render(body: string, apiKey: string, chunked: boolean, headers: Record<string, string> = {}) {
    const res = await postJson(`${baseUrl}/api/v1/prompts/${name}/render`, body, apiKey, chunked, headers);
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      wwwAuthenticate: res.headers.get('www-authenticate'),
      rateLimitLimit: res.headers.get('ratelimit-limit'),
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  it('answers like the Nest route, for success and every failure', async () => {
    const handle = jest.spyOn(t.app.get(ServingFastPath), 'handle');
    const cases: [string, string, number][] = [
      ['{"variables":{"question":"Where is my order?"}}', key, 200],
      ['{"variables":{"question":"Hi","product":"Globex"},"environment":"prod"}', key, 200],
      ['{"variables":', key, 400],
      ['  ', key, 400],
      ['{"variables":{"question":"x","__proto__":{"polluted":true}}}', key, 400],
      ['{"version":0,"environment":7,"variables":"topic=x","surprise":true}', key, 400],
      ['{"question":"Where is my order?"}', key, 400],
      ['{"variables":{"question":"x"},"product":"Globex"}', key, 400],
      ['[1,2]', key, 400],
      ['{"variables":{}}', key, 400],
      ['{"variables":{"question":3}}', key, 400],
      ['{"variables":{"question":"x"},"environment":"staging"}', key, 404],
      ['{"variables":{"question":"x"},"version":9}', key, 404],
      ['{"variables":{"question":"x"}}', 'po_AAAAAAAAAAAA_not-a-real-key', 401],
      ['{"variables":{"question":"x"}}', readOnlyKey, 403],
    ];
    for (const [body, apiKey, status] of cases) {
      handle.mockClear();
      const fast = await render(body, apiKey, false);
      expect(handle.mock.results.map((r) => r.value)).toEqual([true]);
      handle.mockClear();
      const nest = await render(body, apiKey, true);
      expect(handle.mock.results.map((r) => r.value)).toEqual([false]);

      expect({ body, status: fast.status }).toEqual({ body, status });
      expect(fast).toEqual(nest);
    }
    handle.mockRestore();
  });

  it('renders the deployed version with its role messages and says how many calls are left', async () => {
    const res = await render('{"variables":{"question":"Where is my order?"}}', key, false);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json; charset=utf-8');
    expect(res.rateLimitLimit).toBe('1000');
    expect(res.body).toMatchObject({
      prompt: name,
      version: 1,
      environment: 'prod',
      resolvedBy: 'environment',
      text: '# system:\nYou help with Acme.\n# user:\nWhere is my order?',
      messages: [
        { role: 'system', content: 'You help with Acme.' },
        { role: 'user', content: 'Where is my order?' },
      ],
      variables: { product: 'Acme', question: 'Where is my order?' },
      modelConfig: { provider: 'openai', model: 'gpt-4o-mini' },
    });
  });

  it('names the problem in problem+json: a missing variable, a bad key, an unknown prompt', async () => {
    const missing = await render('{"variables":{}}', key, false);
    expect(missing.contentType).toBe('application/problem+json; charset=utf-8');
    expect(missing.body).toMatchObject({
      status: 400,
      code: 'MISSING_VARIABLE',
      detail: 'Missing variable: {{question}}',
      instance: `/api/v1/prompts/${name}/render`,
    });
    const bad = await render('{"variables":{"question":"x"}}', 'po_AAAAAAAAAAAA_nope', false);
    expect(bad.wwwAuthenticate).toBe('Bearer');
    expect(bad.body).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });

    const unknown = await fetch(`${baseUrl}/api/v1/prompts/no-such-prompt/render`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: '{"variables":{}}',
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'PROMPT_NOT_FOUND' });
  });

  it('rate limits the key as the Nest route does, with Retry-After', async () => {
    const limited = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'tight', scopes: ['render'], rateLimitPerMinute: 2 })
        .expect(201)
    ).body.key;
    const body = '{"variables":{"question":"x"}}';
    expect((await render(body, limited, false)).status).toBe(200);
    expect((await render(body, limited, true)).status).toBe(200);
    const res = await fetch(`${baseUrl}/api/v1/prompts/${name}/render`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': limited },
      body,
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('ratelimit-remaining')).toBe('0');
    expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('takes only names the API accepts, leaving others to the Nest route, which answers alike', async () => {
    const handle = jest.spyOn(t.app.get(ServingFastPath), 'handle');
    const post = (path: string) =>
      fetch(`${baseUrl}/api/v1/prompts/${path}/render`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: '{"variables":{"question":"x"}}',
      });
    for (const refused of [name.toUpperCase(), `.${name}`]) {
      handle.mockClear();
      const res = await post(refused);
      expect([refused, handle.mock.results.map((r) => r.value)]).toEqual([refused, [false]]);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'PROMPT_NOT_FOUND' });
    }
    handle.mockClear();
    expect((await post(name)).status).toBe(200);
    expect(handle.mock.results.map((r) => r.value)).toEqual([true]);
    handle.mockRestore();
  });

  it('leaves console sessions, other content types and oversized bodies to Fastify', async () => {
    const handle = jest.spyOn(t.app.get(ServingFastPath), 'handle');
    const session = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set(t.auth)
      .send({ environment: 'prod', variables: { question: 'x' } })
      .expect(200);
    expect(session.body.resolvedBy).toBe('environment');
    const form = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .type('application/xml')
      .send('<question>x</question>')
      .expect(415);
    expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { question: 'x'.repeat(t.config.bodyLimitBytes) } })
      .expect(413);
    expect(huge.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(handle.mock.results.map((r) => r.value)).toEqual([false, false, false]);
    handle.mockRestore();
  });
});

/**
 * API-key runs take the fast path too: the same answers as the Nest route (sent chunked), JSON
 * and streamed, for success and every failure, and each run logged once.
 */
describe('serving fast path: POST /api/v1/run/{name} with X-API-Key', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let name: string;
  let noModel: string;
  let key: string;
  let renderOnlyKey: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const provider = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const deploy = async (modelConfig: Record<string, unknown>) => {
      const input = promptInput({
        template: 'Answer about {{ product }}: {{ question }}',
        variablesMeta: [
          { name: 'product', type: 'string', default: 'Acme' },
          { name: 'question', type: 'text', required: true },
        ],
        modelConfig,
        status: 'published',
      });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      return input.name;
    };
    name = await deploy({ provider: provider.name, model: 'fake-normal' });
    noModel = await deploy({});
    const create = (scopes: string[]) =>
      t.http.post('/api/v1/api-keys').set(t.auth).send({ name: 'svc', scopes, rateLimitPerMinute: 1000 }).expect(201);
    key = (await create(['run'])).body.key;
    renderOnlyKey = (await create(['render'])).body.key;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  async function run(prompt: string, body: string, apiKey: string, chunked: boolean) {
    const res = await postJson(`${baseUrl}/api/v1/run/${prompt}`, body, apiKey, chunked);
    const text = await res.text();
    const contentType = res.headers.get('content-type');
    // Ids and timings differ from call to call; everything else must be the same.
    const stable = (value: string) =>
      value.replace(/"runId":\d+/g, '"runId":0').replace(/"(latencyMs|ttftMs)":\d+/g, '"$1":0');
    return {
      status: res.status,
      contentType,
      rateLimitLimit: res.headers.get('ratelimit-limit'),
      nosniff: res.headers.get('x-content-type-options'),
      body: stable(text),
    };
  }

  it('answers like the Nest route, JSON and streamed, for success and every failure', async () => {
    const handle = jest.spyOn(t.app.get(ServingFastPath), 'handle');
    const cases: [string, string, string, number][] = [
      [name, '{"variables":{"question":"Where is my order?"}}', key, 200],
      [name, '{"variables":{"question":"Where is my order?"},"stream":true}', key, 200],
      [name, '{"variables":', key, 400],
      [name, '{"variables":{"question":"x"},"stream":"yes"}', key, 400],
      [name, '{"variables":{}}', key, 400],
      [name, '{"variables":{"question":"x"},"environment":"staging"}', key, 404],
      ['no-such-prompt', '{"variables":{"question":"x"}}', key, 404],
      [noModel, '{"variables":{"question":"x"}}', key, 409],
      [name, '{"variables":{"question":"x"}}', 'po_AAAAAAAAAAAA_not-a-real-key', 401],
      [name, '{"variables":{"question":"x"}}', renderOnlyKey, 403],
    ];
    const before = (await t.http.get('/api/v1/runs').query({ source: 'api' }).set(t.auth).expect(200)).body.total;
    for (const [prompt, body, apiKey, status] of cases) {
      handle.mockClear();
      const fast = await run(prompt, body, apiKey, false);
      expect(handle.mock.results.map((r) => r.value)).toEqual([true]);
      handle.mockClear();
      const nest = await run(prompt, body, apiKey, true);
      expect(handle.mock.results.map((r) => r.value)).toEqual([false]);

      expect({ body, status: fast.status }).toEqual({ body, status });
      expect(fast).toEqual(nest);
    }
    handle.mockRestore();
    // Two successful cases, each sent both ways: four runs, each logged once.
    const after = await t.http.get('/api/v1/runs').query({ source: 'api' }).set(t.auth).expect(200);
    expect(after.body.total - before).toBe(4);
  });

  it('answers the model’s text with usage and the run id it logged', async () => {
    const res = await fetch(`${baseUrl}/api/v1/run/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: '{"variables":{"question":"Where is my order?"}}',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-limit')).toBe('1000');
    const answer = (await res.json()) as { runId: number };
    expect(answer).toMatchObject({
      output: FAKE_ANSWER,
      usage: { promptTokens: 11, completionTokens: 7, estimated: false },
      version: 1,
      environment: 'prod',
      resolvedBy: 'environment',
    });
    const logged = await t.http.get(`/api/v1/runs/${answer.runId}`).set(t.auth).expect(200);
    expect(logged.body).toMatchObject({ status: 'success', output: FAKE_ANSWER, source: 'api' });
  });
});
