import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  Forbidden,
  MissingVariables,
  NetworkError,
  PromptNotFound,
  PromptOps,
  PromptOpsOptions,
  RateLimited,
  ServerError,
  Timeout,
  Unauthorized,
} from '../../../libs/sdk/src';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';

interface SeenCall {
  method: string;
  path: string;
  status: number;
}

/** A fetch that records every call the SDK makes, so tests can tell a cache hit from a request. */
function countingFetch(): { calls: SeenCall[]; fetch: typeof fetch; resolvedCalls(): SeenCall[] } {
  const calls: SeenCall[] = [];
  return {
    calls,
    resolvedCalls: () => calls.filter((call) => call.path.endsWith('/resolved')),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      calls.push({ method: init?.method ?? 'GET', path: new URL(String(input)).pathname, status: response.status });
      return response;
    },
  };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 5_000, everyMs = 5): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('the SDK against a running API', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let key: string;
  let provider: string;
  const clients: PromptOps[] = [];

  const client = (options: Partial<PromptOpsOptions> = {}) => {
    const po = new PromptOps({ baseUrl, apiKey: key, ...options });
    clients.push(po);
    return po;
  };
  const createKey = async (body: Record<string, unknown>) =>
    (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'sdk', rateLimitPerMinute: 100_000, ...body })
        .expect(201)
    ).body.key as string;

  /** A published prompt deployed in prod: v1 says "Hello {{ name }} (v1)", v2 "Hi {{ name }} (v2)". */
  async function promptWithTwoVersions(): Promise<string> {
    const input = promptInput({
      template: 'Hello {{ name }} (v1)',
      variablesMeta: [{ name: 'name', type: 'string', required: true }],
      modelConfig: { provider, model: 'gpt-4o-mini', maxTokens: 64 },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(t.auth)
      .send({
        template: 'Hi {{ name }} (v2)',
        variablesMeta: [{ name: 'name', type: 'string', required: true }],
        modelConfig: { provider, model: 'gpt-4o-mini', maxTokens: 64 },
        status: 'published',
      })
      .expect(201);
    await deploy(input.name, 1);
    return input.name;
  }
  const deploy = (name: string, version: number, environment = 'prod') =>
    t.http.put(`/api/v1/prompts/${name}/deployments/${environment}`).set(t.auth).send({ version }).expect(200);

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const created = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
    key = await createKey({ scopes: ['read', 'render', 'run'] });
  });
  afterAll(async () => {
    for (const po of clients) po.close();
    await t.close();
    await fake.close();
  });

  describe('cache', () => {
    it('renders a cached version locally, without a request, in well under a millisecond', async () => {
      const name = await promptWithTwoVersions();
      const seen = countingFetch();
      const po = client({ fetch: seen.fetch });

      const first = await po.render(name, { name: 'Ada' });
      expect(first).toMatchObject({ text: 'Hello Ada (v1)', version: 1, environment: 'prod', source: 'network' });
      const started = performance.now();
      for (let i = 0; i < 1000; i += 1) {
        const answer = await po.render(name, { name: `user ${i}` });
        expect(answer.source).toBe('cache');
        expect(answer.text).toBe(`Hello user ${i} (v1)`);
      }
      const perRenderMs = (performance.now() - started) / 1000;
      expect(seen.calls).toHaveLength(1);
      expect(perRenderMs).toBeLessThan(1);
      // The answer is the server's: same text as the API renders.
      const server = await t.http
        .post(`/api/v1/prompts/${name}/render`)
        .set('X-API-Key', key)
        .send({ variables: { name: 'Ada' } })
        .expect(200);
      expect(server.body.text).toBe(first.text);
    });

    it('answers a stale entry at once and fetches the new version in the background, once per prompt', async () => {
      const name = await promptWithTwoVersions();
      const seen = countingFetch();
      const po = client({ fetch: seen.fetch, cacheTtlMs: 200 });
      await po.render(name, { name: 'Ada' });
      await deploy(name, 2);
      await new Promise((resolve) => setTimeout(resolve, 250));

      const started = performance.now();
      const stale = await Promise.all(Array.from({ length: 20 }, () => po.render(name, { name: 'Ada' })));
      expect(performance.now() - started).toBeLessThan(50);
      for (const answer of stale) expect(answer).toMatchObject({ text: 'Hello Ada (v1)', version: 1, source: 'cache' });

      const fresh = await waitFor(async () => {
        const answer = await po.render(name, { name: 'Ada' });
        return answer.version === 2 ? answer : undefined;
      });
      expect(fresh).toMatchObject({ text: 'Hi Ada (v2)', source: 'cache' });
      // Twenty stale renders, one revalidation.
      expect(seen.resolvedCalls()).toHaveLength(2);
    });

    it('revalidates with the ETag: an unchanged version costs a 304 and no body', async () => {
      const name = await promptWithTwoVersions();
      const seen = countingFetch();
      const po = client({ fetch: seen.fetch, cacheTtlMs: 30 });
      await po.render(name, { name: 'Ada' });
      for (let i = 0; i < 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        await po.render(name, { name: 'Ada' });
        await waitFor(async () => (seen.resolvedCalls().length === i + 2 ? true : undefined));
      }
      expect(seen.resolvedCalls().map((call) => call.status)).toEqual([200, 304, 304, 304]);
      expect((await po.render(name, { name: 'Ada' })).version).toBe(1);
    });

    it('gives the resolved version to get(), from the same cache', async () => {
      const name = await promptWithTwoVersions();
      const seen = countingFetch();
      const po = client({ fetch: seen.fetch });
      const version = await po.get(name);
      expect(version).toMatchObject({
        prompt: name,
        environment: 'prod',
        version: 1,
        kind: 'text',
        template: 'Hello {{ name }} (v1)',
        variablesMeta: [{ name: 'name', type: 'string', required: true }],
        modelConfig: { provider, model: 'gpt-4o-mini' },
        rollout: null,
      });
      await po.render(name, { name: 'Ada' });
      expect(seen.calls).toHaveLength(1);
    });
  });

  describe('errors and fallbacks', () => {
    it('throws typed errors carrying the problem fields when there is no fallback', async () => {
      const name = await promptWithTwoVersions();
      const po = client();
      const missing = await po.render('no-such-prompt', {}).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(PromptNotFound);
      expect(missing).toMatchObject({ status: 404, code: 'PROMPT_NOT_FOUND', title: 'Not Found' });
      expect((missing as PromptNotFound).detail).toContain('no-such-prompt');

      const unauthorized = await client({ apiKey: 'po_AAAAAAAAAAAA_nope' })
        .render(name, { name: 'Ada' })
        .catch((error: unknown) => error);
      expect(unauthorized).toBeInstanceOf(Unauthorized);
      expect(unauthorized).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });

      const runOnly = await createKey({ scopes: ['run'] });
      const forbidden = await client({ apiKey: runOnly })
        .render(name, { name: 'Ada' })
        .catch((error: unknown) => error);
      expect(forbidden).toBeInstanceOf(Forbidden);
      expect(forbidden).toMatchObject({ status: 403, code: 'API_KEY_SCOPE_MISSING' });

      const variables = await po.render(name, {}).catch((error: unknown) => error);
      expect(variables).toBeInstanceOf(MissingVariables);
      expect(variables).toMatchObject({
        status: 400,
        code: 'MISSING_VARIABLE',
        detail: 'Missing variable: {{name}}',
        errors: [{ field: 'variables.name', code: 'MISSING_VARIABLE' }],
      });
      expect((variables as MissingVariables).variables).toEqual(['name']);
    });

    it('answers refusals with the fallback but never hides missing variables behind it', async () => {
      const name = await promptWithTwoVersions();
      const po = client();
      const answer = await po.render('no-such-prompt', { name: 'Ada' }, { fallback: 'Hello {{ name }} (fallback)' });
      expect(answer).toMatchObject({ text: 'Hello Ada (fallback)', version: null, source: 'fallback' });
      expect(answer.error).toBeInstanceOf(PromptNotFound);

      await po.render(name, { name: 'Ada' });
      await expect(po.render(name, {}, { fallback: 'Hello (fallback)' })).rejects.toBeInstanceOf(MissingVariables);
    });

    it('reports a rate limit with its retry-after, and answers it from the fallback', async () => {
      const name = await promptWithTwoVersions();
      const limited = await createKey({ scopes: ['read'], rateLimitPerMinute: 1 });
      const po = client({ apiKey: limited });
      await po.render(name, { name: 'Ada' });
      const refused = await po.render(`${name}-other`, {}).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RateLimited);
      expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect((refused as RateLimited).retryAfterMs).toBeGreaterThan(0);
      const answer = await po.render(`${name}-other`, {}, { fallback: () => ({ template: 'lazy', version: 7 }) });
      expect(answer).toMatchObject({ text: 'lazy', version: 7, source: 'fallback' });
      // The cached prompt still renders: a rate limit is no reason to fail a request the cache answers.
      expect((await po.render(name, { name: 'Ada' })).source).toBe('cache');
    });

    it('times out after timeoutMs and answers the fallback instead, then at once for a while', async () => {
      let requests = 0;
      const slow = await listen(() => (requests += 1));
      try {
        const po = client({ baseUrl: urlOf(slow), timeoutMs: 200 });
        let started = performance.now();
        const answer = await po.render('greeting', { name: 'Ada' }, { fallback: 'Hello {{ name }}' });
        const elapsed = performance.now() - started;
        expect(answer).toMatchObject({ text: 'Hello Ada', source: 'fallback' });
        expect(answer.error).toBeInstanceOf(Timeout);
        expect(elapsed).toBeGreaterThanOrEqual(190);
        expect(elapsed).toBeLessThan(1_000);
        // A hanging API does not cost every call a timeout: the next ones get the fallback at once.
        started = performance.now();
        for (let i = 0; i < 10; i += 1) {
          expect(await po.render('greeting', { name: 'Ada' }, { fallback: 'Hello {{ name }}' })).toMatchObject({
            source: 'fallback',
          });
        }
        expect(performance.now() - started).toBeLessThan(50);
        await expect(po.render('greeting', { name: 'Ada' })).rejects.toMatchObject({
          name: 'Timeout',
          code: 'TIMEOUT',
        });
        expect(requests).toBe(1);
        // A client that has not met the outage asks, and waits for its timeout.
        await expect(client({ baseUrl: urlOf(slow), timeoutMs: 200 }).render('greeting', {})).rejects.toBeInstanceOf(
          Timeout,
        );
        expect(requests).toBe(2);
      } finally {
        await closeServer(slow);
      }
    });

    it('serves the cache, then the fallback, through a 502 from the proxy in front of the API', async () => {
      const name = await promptWithTwoVersions();
      let down = false;
      const proxy = await listen(async (request, response) => {
        if (down) {
          response.writeHead(502, { 'content-type': 'text/html' }).end('<html><h1>502 Bad Gateway</h1></html>');
          return;
        }
        const upstream = await fetch(baseUrl + request.url, {
          method: request.method,
          headers: { 'x-api-key': String(request.headers['x-api-key'] ?? '') },
        });
        const headers: Record<string, string> = {};
        upstream.headers.forEach((value, header) => (headers[header] = value));
        delete headers['content-length'];
        delete headers['content-encoding'];
        response.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
      });
      try {
        const po = client({ baseUrl: urlOf(proxy), cacheTtlMs: 1 });
        expect((await po.render(name, { name: 'Ada' })).source).toBe('network');
        down = true;
        // Expired and unreachable: the cache answers, every time.
        for (let i = 0; i < 5; i += 1) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          expect(await po.render(name, { name: 'Ada' })).toMatchObject({ text: 'Hello Ada (v1)', source: 'cache' });
        }
        const empty = client({ baseUrl: urlOf(proxy) });
        const answer = await empty.render(name, { name: 'Ada' }, { fallback: 'Hello {{ name }} (fallback)' });
        expect(answer).toMatchObject({ text: 'Hello Ada (fallback)', source: 'fallback' });
        expect(answer.error).toBeInstanceOf(ServerError);
        const thrown = await empty.render(name, { name: 'Ada' }).catch((error: unknown) => error);
        expect(thrown).toBeInstanceOf(ServerError);
        expect(thrown).toMatchObject({ status: 502, code: 'HTTP_502' });
      } finally {
        await closeServer(proxy);
      }
    });
  });

  describe('rollouts and debug users', () => {
    it('renders a prompt under a rollout on the server, so each user gets the arm the server assigns', async () => {
      const name = await promptWithTwoVersions();
      await t.http
        .post(`/api/v1/prompts/${name}/deployments/prod/rollout`)
        .set(t.auth)
        .send({ candidates: [{ version: 2, weight: 50 }], stickyKey: 'userId' })
        .expect(201);
      const po = client();
      expect((await po.get(name)).rollout).toMatchObject({ stickyKey: 'userId' });
      const variants = new Set<string>();
      for (const userId of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8']) {
        const answer = await po.render(name, { name: 'Ada' }, { userId });
        const server = await t.http
          .post(`/api/v1/prompts/${name}/render`)
          .set('X-API-Key', key)
          .send({ variables: { name: 'Ada' }, userId })
          .expect(200);
        expect(answer).toMatchObject({
          source: 'network',
          version: server.body.version,
          rolloutVariant: server.body.rolloutVariant,
        });
        variants.add(answer.rolloutVariant as string);
      }
      expect(variants).toEqual(new Set(['baseline', 'candidate']));
    });

    it('asks the server when a key that serves drafts to debug users names a user', async () => {
      const name = await promptWithTwoVersions();
      const debugKey = await createKey({ scopes: ['read', 'render'], serveDebugDrafts: true });
      const seen = countingFetch();
      const po = client({ apiKey: debugKey, fetch: seen.fetch });
      expect((await po.render(name, { name: 'Ada' })).source).toBe('network');
      expect((await po.render(name, { name: 'Ada' })).source).toBe('cache');
      expect((await po.render(name, { name: 'Ada' }, { userId: 'someone@example.com' })).source).toBe('network');
      expect(seen.calls.map((call) => call.path.split('/').pop())).toEqual(['resolved', 'render']);
    });
  });

  describe('run', () => {
    it('runs a prompt on its model and streams the deltas, then the whole answer', async () => {
      const name = await promptWithTwoVersions();
      const po = client();
      const answer = await po.run(name, { name: 'Ada' });
      expect(answer).toMatchObject({ output: FAKE_ANSWER, version: 1, environment: 'prod' });

      const deltas: string[] = [];
      let done: unknown;
      for await (const event of po.run(name, { name: 'Ada' }, { stream: true })) {
        if (event.type === 'delta') deltas.push(event.text);
        if (event.type === 'done') done = event.answer;
      }
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.join('')).toBe(FAKE_ANSWER);
      expect(done).toMatchObject({ output: FAKE_ANSWER, version: 1 });

      await expect(po.run(name, {})).rejects.toBeInstanceOf(MissingVariables);
    });
  });

  describe('flows', () => {
    it('executes a flow deployed in prod, with its inputs', async () => {
      const step = promptInput({
        template: 'Say {{ text }}',
        variablesMeta: [],
        modelConfig: { provider, model: 'gpt-4o-mini' },
        status: 'published',
      });
      await t.http.post('/api/v1/prompts').set(t.auth).send(step).expect(201);
      await deploy(step.name, 1);
      const name = `flow-${step.name}`;
      await t.http
        .post('/api/v1/flows')
        .set(t.auth)
        .send({
          name,
          displayName: 'SDK flow',
          inputs: [{ name: 'q', type: 'string', required: true }],
          definition: {
            steps: [{ id: 'only', prompt: { name: step.name }, inputs: { text: '{{ inputs.q }}' } }],
            output: 'Answer: {{ steps.only.output }}',
          },
          status: 'published',
        })
        .expect(201);
      await deploy(name, 1);

      const answer = await client().flow(name).execute({ q: 'hello' });
      expect(answer).toMatchObject({ flow: name, version: 1, output: `Answer: ${FAKE_ANSWER}` });
      await expect(client().flow(name).execute({})).rejects.toMatchObject({ status: 400 });
    });
  });

  describe('push invalidation', () => {
    it('serves a new deploy within 5 s at p95 (20 deploys)', async () => {
      const name = await promptWithTwoVersions();
      const seen = countingFetch();
      let listening: () => void = () => undefined;
      const streamOpen = new Promise<void>((resolve) => (listening = resolve));
      const po = client({
        cacheTtlMs: 10 * 60_000,
        push: true,
        fetch: async (input, init) => {
          const response = await seen.fetch(input, init);
          if (String(input).includes('/serving/events')) listening();
          return response;
        },
      });
      await po.render(name, { name: 'Ada' });
      await streamOpen;
      // The stream revalidates what is cached once it listens (a 304 here).
      await waitFor(async () => (seen.resolvedCalls().length === 2 ? true : undefined));

      const delays: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const version = i % 2 === 0 ? 2 : 1;
        const started = performance.now();
        await deploy(name, version);
        await waitFor(
          async () => ((await po.render(name, { name: 'Ada' })).version === version ? true : undefined),
          10_000,
          1,
        );
        delays.push(performance.now() - started);
      }
      const p50 = percentile(delays, 50);
      const p95 = percentile(delays, 95);
      console.log(
        `push invalidation, deploy to served by the SDK: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`,
      );
      expect(p95).toBeLessThan(5_000);
      expect(seen.calls.filter((call) => call.path.endsWith('/serving/events'))).toHaveLength(1);
    });

    it('listens for each prompt it caches later too, by reopening its one stream', async () => {
      const first = await promptWithTwoVersions();
      const second = await promptWithTwoVersions();
      const seen = countingFetch();
      const po = client({ cacheTtlMs: 10 * 60_000, push: true, fetch: seen.fetch });
      const streams = () => seen.calls.filter((call) => call.path.endsWith('/serving/events')).length;
      await po.render(first, { name: 'Ada' });
      await waitFor(async () => (streams() === 1 ? true : undefined));
      await po.render(second, { name: 'Ada' });
      await waitFor(async () => (streams() === 2 ? true : undefined));
      // Listening again, it revalidates what it holds: both prompts, once each on this stream.
      await waitFor(async () => (seen.resolvedCalls().length >= 4 ? true : undefined));

      await deploy(second, 2);
      await waitFor(async () => ((await po.render(second, { name: 'Ada' })).version === 2 ? true : undefined), 2_000);
      await deploy(first, 2);
      await waitFor(async () => ((await po.render(first, { name: 'Ada' })).version === 2 ? true : undefined), 2_000);
      expect(streams()).toBe(2);
    });

    it('reconnects after the stream drops and catches up on what changed meanwhile', async () => {
      const name = await promptWithTwoVersions();
      // A pass-through proxy whose event streams can be cut, and refused for a while.
      let refusing = false;
      const open = new Set<ServerResponse>();
      const target = new URL(baseUrl);
      const proxy = await listen((incoming, outgoing) => {
        if (refusing) return outgoing.writeHead(503).end();
        const upstream = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: incoming.url,
            method: incoming.method,
            headers: incoming.headers,
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        incoming.pipe(upstream);
        if (incoming.url?.includes('/serving/events')) {
          open.add(outgoing);
          outgoing.on('close', () => {
            open.delete(outgoing);
            upstream.destroy();
          });
        }
      });
      try {
        const seen = countingFetch();
        const po = client({ baseUrl: urlOf(proxy), cacheTtlMs: 10 * 60_000, push: true, fetch: seen.fetch });
        await po.render(name, { name: 'Ada' });
        await waitFor(async () => (open.size === 1 ? true : undefined));

        refusing = true;
        for (const response of open) response.destroy();
        await deploy(name, 2);
        // Missed while disconnected: the cache still holds version 1.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect((await po.render(name, { name: 'Ada' })).version).toBe(1);

        refusing = false;
        const caughtUp = await waitFor(
          async () => ((await po.render(name, { name: 'Ada' })).version === 2 ? true : undefined),
          10_000,
        );
        expect(caughtUp).toBe(true);
        // Catching up can come from revalidating before the stream is back: wait for the reconnect itself.
        expect(await waitFor(async () => (open.size === 1 ? true : undefined), 10_000)).toBe(true);
      } finally {
        for (const response of open) response.destroy();
        await closeServer(proxy);
      }
    });

    it('tells an environment-bound key about its environment only, and refuses another', async () => {
      const name = await promptWithTwoVersions();
      const devKey = await createKey({ scopes: ['render'], environment: 'dev' });
      const refused = await fetch(`${baseUrl}/api/v1/serving/events?environment=prod`, {
        headers: { 'x-api-key': devKey },
      });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'API_KEY_ENVIRONMENT_MISMATCH' });

      const controller = new AbortController();
      const stream = await fetch(`${baseUrl}/api/v1/serving/events?prompts=${name}`, {
        headers: { 'x-api-key': devKey },
        signal: controller.signal,
      });
      expect(stream.headers.get('content-type')).toContain('text/event-stream');
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) text += decoder.decode((await reader.read()).value, { stream: true });
      };
      await readUntil('event: ready');
      expect(text).toContain(`data: {"prompts":["${name}"],"environment":"dev"}`);
      await deploy(name, 2, 'prod');
      await deploy(name, 2, 'dev');
      await readUntil('event: changed');
      const changed = text
        .split('\n\n')
        .filter((block) => block.startsWith('event: changed'))
        .map((block) => JSON.parse(block.split('data: ')[1]));
      expect(changed).toEqual([
        { prompt: name, environment: 'dev', reason: 'deployed', version: 2, at: expect.any(String) },
      ]);
      controller.abort();
    });

    it('caps the streams one key holds open', async () => {
      const capped = await createKey({ scopes: ['read'] });
      const controllers: AbortController[] = [];
      const open = async () => {
        const controller = new AbortController();
        controllers.push(controller);
        return fetch(`${baseUrl}/api/v1/serving/events`, {
          headers: { 'x-api-key': capped },
          signal: controller.signal,
        });
      };
      try {
        for (let i = 0; i < 20; i += 1) expect((await open()).status).toBe(200);
        const refused = await open();
        expect(refused.status).toBe(429);
        expect(await refused.json()).toMatchObject({ code: 'EVENT_STREAMS_LIMIT' });
        controllers[0].abort();
        await waitFor(
          async () => {
            const again = await open();
            return again.status === 200 ? true : undefined;
          },
          2_000,
          20,
        );
      } finally {
        for (const controller of controllers) controller.abort();
      }
    });
  });

  // Last: it stops the server.
  describe('a stopped server', () => {
    it('keeps answering from the cache, else from the fallback, and without one throws NetworkError', async () => {
      const name = await promptWithTwoVersions();
      const cached = client({ cacheTtlMs: 1 });
      await cached.render(name, { name: 'Ada' });
      for (const po of clients) po.close();
      await t.stop();

      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await cached.render(name, { name: 'Ada' })).toMatchObject({ text: 'Hello Ada (v1)', source: 'cache' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await cached.render(name, { name: 'Ada' })).toMatchObject({ text: 'Hello Ada (v1)', source: 'cache' });

      const empty = client();
      const answer = await empty.render(name, { name: 'Ada' }, { fallback: 'Hello {{ name }} (fallback)' });
      expect(answer).toMatchObject({ text: 'Hello Ada (fallback)', source: 'fallback' });
      expect(answer.error).toBeInstanceOf(NetworkError);
      await expect(empty.render(name, { name: 'Ada' })).rejects.toBeInstanceOf(NetworkError);
    });
  });
});
