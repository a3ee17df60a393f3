import { createServer } from 'node:net';
import { ANTHROPIC_ANSWER, ANTHROPIC_USAGE, FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';
import { sseEvents } from './sse';

/** Dollars as the API gives them: to 10 decimal places. */
const usd = (dollars: number) => Number(dollars.toFixed(10));

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * OpenAI-compatible providers are called directly by default and through the AI SDK with
 * GATEWAY_CLIENT=sdk (Anthropic always through the SDK): every case runs against both clients.
 */
describe.each(['direct', 'sdk'])(
  'model gateway (%s client): retries, timeouts and provider errors, as the Playground sees them',
  (client) => {
    let t: TestApp;
    let fake: FakeLlmServer;
    let provider: string;
    let prompt: string;

    beforeAll(async () => {
      fake = await FakeLlmServer.start();
      t = await startApp({ GATEWAY_TIMEOUT_MS: '1000', GATEWAY_CLIENT: client });
      const created = providerInput(fake.url);
      await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
      provider = created.name;
      const input = promptInput({ template: 'Tell me about {{ topic }}.' });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      prompt = input.name;
    });
    afterAll(async () => {
      await t.close();
      await fake.close();
    });

    const run = (model: string, body: Record<string, unknown> = {}) =>
      t.http
        .post('/api/v1/playground/runs')
        .set(t.auth)
        .send({ prompt, version: 1, variables: { topic: 'tides' }, provider, model, ...body });

    const lastRun = async () => (await t.http.get('/api/v1/playground/runs?pageSize=1').set(t.auth)).body.items[0];

    it('retries a 429 and answers once the provider does', async () => {
      const res = await run('fake-429-once-a').expect(201);
      expect(res.body.output).toBe(FAKE_ANSWER);
      expect(fake.requestsFor('fake-429-once-a')).toHaveLength(2);
    });

    it('retries a 500 and answers once the provider does', async () => {
      const res = await run('fake-500-once-a').expect(201);
      expect(res.body.output).toBe(FAKE_ANSWER);
      expect(fake.requestsFor('fake-500-once-a')).toHaveLength(2);
    });

    it('passes a long rate limit on as 429 with Retry-After, without waiting it out', async () => {
      const res = await run('fake-429').expect(429);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['retry-after']).toBe('30');
      expect(res.body).toMatchObject({ code: 'PROVIDER_RATE_LIMITED', status: 429, retryAfter: 30 });
      expect(res.body.detail).toContain('Rate limit reached for requests');
      expect(fake.requestsFor('fake-429')).toHaveLength(1);
      expect(await lastRun()).toMatchObject({ status: 'error', error: { code: 'PROVIDER_RATE_LIMITED' } });
    });

    it('answers 502 PROVIDER_AUTH_FAILED when the provider refuses the key, without retrying', async () => {
      const res = await run('fake-401').expect(502);
      expect(res.body.code).toBe('PROVIDER_AUTH_FAILED');
      expect(res.body.detail).toContain('Incorrect API key provided');
      expect(fake.requestsFor('fake-401')).toHaveLength(1);
    });

    it('gives up after three attempts on a failing provider with 502 PROVIDER_ERROR and its message', async () => {
      const res = await run('fake-500').expect(502);
      expect(res.body).toMatchObject({ code: 'PROVIDER_ERROR', providerStatus: 500 });
      expect(res.body.detail).toContain('The server had an error while processing your request');
      expect(fake.requestsFor('fake-500')).toHaveLength(3);
      expect(await lastRun()).toMatchObject({ status: 'error', error: { code: 'PROVIDER_ERROR' } });
    });

    it('answers 504 PROVIDER_TIMEOUT when the provider is too slow, and stops waiting for it', async () => {
      const started = Date.now();
      const res = await run('fake-slow').expect(504);
      expect(res.body.code).toBe('PROVIDER_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await lastRun()).toMatchObject({ status: 'error', error: { code: 'PROVIDER_TIMEOUT' } });
      const upstream = fake.requestsFor('fake-slow')[0];
      for (let i = 0; i < 50 && !upstream.aborted; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(upstream.aborted).toBe(true);
    });

    it('retries an unreachable provider, then answers 502', async () => {
      const down = providerInput(`http://127.0.0.1:${await closedPort()}`);
      await t.http.post('/api/v1/providers').set(t.auth).send(down).expect(201);
      const res = await run('gpt-4o-mini', { provider: down.name }).expect(502);
      expect(res.body.code).toBe('PROVIDER_ERROR');
      expect(res.body.detail).toContain('ECONNREFUSED');
    });

    it('never retries a stream that broke after its first token, and logs what had arrived', async () => {
      const res = await run('fake-cut', { stream: true }).expect(200);
      const events = sseEvents(res.text);
      expect(events.map((e) => e.event)).toEqual(['start', 'delta', 'delta', 'error']);
      expect(events.at(-1)!.data).toMatchObject({ code: 'PROVIDER_ERROR', status: 502 });
      expect(fake.requestsFor('fake-cut')).toHaveLength(1);
      const logged = await t.http.get(`/api/v1/playground/runs/${events[0].data.runId}`).set(t.auth).expect(200);
      expect(logged.body).toMatchObject({ status: 'error', output: 'The quick ', error: { code: 'PROVIDER_ERROR' } });
    });

    it('ends a stream whose model stops sending mid-way with a timeout error, logging what had arrived', async () => {
      const started = Date.now();
      const res = await run('fake-hang', { stream: true }).expect(200);
      const events = sseEvents(res.text);
      expect(events.map((e) => e.event)).toEqual(['start', 'delta', 'error']);
      expect(events.at(-1)!.data).toMatchObject({ code: 'PROVIDER_TIMEOUT', status: 504 });
      // The timeout (1 s here) counts from the last token, and the upstream call is dropped.
      expect(Date.now() - started).toBeLessThan(3000);
      expect(fake.requestsFor('fake-hang')).toHaveLength(1);
      const logged = await t.http.get(`/api/v1/playground/runs/${events[0].data.runId}`).set(t.auth).expect(200);
      expect(logged.body).toMatchObject({ status: 'error', output: 'The ', error: { code: 'PROVIDER_TIMEOUT' } });
      expect(logged.body.usage).toMatchObject({ estimated: true });
    });

    it('reports a stream that fails before its first token as an error event', async () => {
      const res = await run('fake-401', { stream: true }).expect(200);
      expect(res.text).toContain('event: start');
      expect(res.text).toContain('event: error');
      expect(res.text).toContain('"code":"PROVIDER_AUTH_FAILED"');
      expect(res.text).not.toContain('event: delta');
    });

    it('speaks Anthropic Messages, plain and streamed, with its usage', async () => {
      const anthropic = providerInput(fake.url, {
        kind: 'anthropic',
        baseUrl: `${fake.url}/v1`,
        apiKey: 'sk-ant-fake-key',
        models: [{ id: 'claude-3-5-haiku-20241022' }],
      });
      await t.http.post('/api/v1/providers').set(t.auth).send(anthropic).expect(201);
      const body = { provider: anthropic.name, maxTokens: 100 };

      const plain = await run('claude-3-5-haiku-20241022', body).expect(201);
      expect(plain.body).toMatchObject({
        output: ANTHROPIC_ANSWER,
        usage: {
          promptTokens: ANTHROPIC_USAGE.input_tokens,
          completionTokens: ANTHROPIC_USAGE.output_tokens,
          estimated: false,
        },
        costUsd: usd((13 * 0.8 + 6 * 4) / 1e6),
      });
      const sent = fake.requests.at(-1)!;
      expect(sent.path).toBe('/v1/messages');
      expect(sent.body).toMatchObject({ max_tokens: 100, messages: [{ role: 'user' }] });

      const streamed = await run('claude-3-5-haiku-20241022', { ...body, stream: true }).expect(200);
      expect(streamed.text).toContain('event: done');
      const done = JSON.parse(/event: done\ndata: (.*)/.exec(streamed.text)![1]);
      expect(done).toMatchObject({
        output: ANTHROPIC_ANSWER,
        usage: { promptTokens: 13, completionTokens: 6, estimated: false },
      });
      expect(streamed.text.match(/event: delta/g)!.length).toBeGreaterThan(2);

      await t.http
        .patch(`/api/v1/providers/${anthropic.name}`)
        .set(t.auth)
        .send({ apiKey: 'sk-ant-wrong' })
        .expect(200);
      const refused = await run('claude-3-5-haiku-20241022', body).expect(502);
      expect(refused.body).toMatchObject({ code: 'PROVIDER_AUTH_FAILED' });
      expect(refused.body.detail).toContain('invalid x-api-key');
    });
  },
);

describe('the direct client and the AI SDK send the same request and read the same answer', () => {
  let fake: FakeLlmServer;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    fake = await FakeLlmServer.start();
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await fake.close();
  });

  /** One Playground run, plain then streamed, on a fresh app with the given client. */
  async function runWith(client: string, model: string) {
    const t = await startApp({ GATEWAY_CLIENT: client });
    apps.push(t);
    const provider = providerInput(fake.url, { apiKey: 'sk-same-key-for-both' });
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const input = promptInput({
      template: undefined,
      kind: 'chat',
      messages: [
        { role: 'system', template: 'You answer briefly.' },
        { role: 'user', template: 'Tell me about {{ topic }}.' },
      ],
      modelConfig: { provider: provider.name, model, temperature: 0.2, maxTokens: 50, topP: 0.9 },
    });
    const created = await t.http.post('/api/v1/prompts').set(t.auth).send(input);
    expect(created.body).toMatchObject({ name: input.name });
    const body = { prompt: input.name, version: 1, variables: { topic: 'tides' }, provider: provider.name, model };
    const plain = await t.http.post('/api/v1/playground/runs').set(t.auth).send(body).expect(201);
    const sentPlain = fake.requests.at(-1)!;
    const streamed = await t.http
      .post('/api/v1/playground/runs')
      .set(t.auth)
      .send({ ...body, stream: true })
      .expect(200);
    const sentStream = fake.requests.at(-1)!;
    expect(streamed.text).toContain('event: done');
    const done = JSON.parse(/event: done\ndata: (.*)/.exec(streamed.text)![1]);
    const deltas = [...streamed.text.matchAll(/event: delta\ndata: (.*)/g)].map((m) => JSON.parse(m[1]).text).join('');
    const answer = (a: Record<string, unknown>) => ({ output: a.output, usage: a.usage, finishReason: a.finishReason });
    return {
      plain: answer(plain.body),
      streamed: answer(done),
      deltas,
      sentPlain: { path: sentPlain.path, body: sentPlain.body, authorization: sentPlain.headers.authorization },
      sentStream: { path: sentStream.path, body: sentStream.body },
    };
  }

  it.each(['fake-normal', 'fake-no-usage', 'fake-echo'])('on %s', async (model) => {
    const direct = await runWith('direct', model);
    const sdk = await runWith('sdk', model);
    expect(direct).toEqual(sdk);
    expect(direct.deltas).toBe(direct.streamed.output);
    expect(direct.sentPlain.body).toMatchObject({ temperature: 0.2, max_tokens: 50, top_p: 0.9 });
    expect(direct.sentStream.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});
