import { ServingFastPath } from '../src/serving/serving-fast-path';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';
import { postJson } from './post-json';
import { sseEvents } from './sse';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The retirement headers of an answer (null when absent). */
function retirementHeadersOf(headers: Headers) {
  return {
    deprecation: headers.get('deprecation'),
    sunset: headers.get('sunset'),
    link: headers.get('link'),
    servedPrompt: headers.get('x-promptops-served-prompt'),
  };
}

/**
 * Retiring prompts: a deprecated prompt (or flow) is served with Deprecation, Sunset and a
 * Link to its successor on every serving path; after its sunset it answers 410 naming the
 * successor, or serves the successor; its callers can be found in the run log first.
 */
describe('retirement: deprecation, successor, sunset and callers', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let provider: string;
  let key: string;
  let keyPrefix: string;
  let otherKey: string;
  let sequence = 0;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const created = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
    const newKey = async (name: string) =>
      (
        await t.http
          .post('/api/v1/api-keys')
          .set(t.auth)
          .send({ name, scopes: ['run', 'render', 'read'], rateLimitPerMinute: 1000 })
          .expect(201)
      ).body as { key: string; prefix: string };
    const billing = await newKey('billing-service');
    key = billing.key;
    keyPrefix = billing.prefix;
    otherKey = (await newKey('search-service')).key;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** A published prompt deployed to prod that asks the fake model about `{{ topic }}`. */
  async function prompt(template = 'Tell me about {{ topic }}.'): Promise<string> {
    const input = promptInput({
      template,
      variablesMeta: [{ name: 'topic', type: 'string', required: true }],
      modelConfig: { provider, model: 'fake-normal' },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    return input.name;
  }

  /** A published flow deployed to prod with one step running `step`. */
  async function flow(step: string): Promise<string> {
    sequence += 1;
    const name = `retire-flow-${sequence}-${Date.now().toString(36)}`;
    await t.http
      .post('/api/v1/flows')
      .set(t.auth)
      .send({
        name,
        displayName: `Flow ${sequence}`,
        inputs: [{ name: 'topic', type: 'string', required: true }],
        definition: {
          steps: [{ id: 'only', prompt: { name: step }, inputs: { topic: '{{ inputs.topic }}' } }],
          output: '{{ steps.only.output }}',
        },
        status: 'published',
      })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    return name;
  }

  const deprecate = (name: string, body: Record<string, unknown>) =>
    t.http.put(`/api/v1/prompts/${name}/deprecation`).set(t.auth).send(body);

  const run = (name: string, body: Record<string, unknown> = {}, apiKey = key, chunked = false) =>
    postJson(`${baseUrl}/api/v1/run/${name}`, { variables: { topic: 'tea' }, ...body }, apiKey, chunked);

  const render = (name: string, apiKey = key, chunked = false) =>
    postJson(`${baseUrl}/api/v1/prompts/${name}/render`, { variables: { topic: 'tea' } }, apiKey, chunked);

  /** The headers a prompt deprecated at `deprecatedAt`, with this sunset and successor, carries. */
  function expectedHeaders(deprecatedAt: string, sunsetAt: string, successor: string) {
    return {
      deprecation: `@${Math.floor(Date.parse(deprecatedAt) / 1000)}`,
      sunset: new Date(sunsetAt).toUTCString(),
      link: `</api/v1/prompts/${successor}>; rel="successor-version"`,
      servedPrompt: null,
    };
  }

  it('deprecates with a successor and a future sunset: run (JSON and SSE), render, webhook, resolved and flow execute carry the headers', async () => {
    const old = await prompt();
    const successor = await prompt('Tell me everything about {{ topic }}.');
    // A cached read first: deprecating must reach the serving cache.
    const before = await run(old);
    expect(before.status).toBe(200);
    expect(retirementHeadersOf(before.headers)).toEqual({
      deprecation: null,
      sunset: null,
      link: null,
      servedPrompt: null,
    });

    const sunsetAt = new Date(Date.now() + 30 * DAY_MS).toISOString();
    const res = await deprecate(old, { successor, sunsetAt, note: 'Moved to the v2 wording' }).expect(200);
    expect(res.body.deprecation).toEqual({
      deprecatedAt: expect.any(String),
      sunsetAt,
      sunsetPassed: false,
      successor,
      note: 'Moved to the v2 wording',
      afterSunset: 'gone',
    });
    const expected = expectedHeaders(res.body.deprecation.deprecatedAt, sunsetAt, successor);

    const json = await run(old);
    expect(json.status).toBe(200);
    expect(retirementHeadersOf(json.headers)).toEqual(expected);
    expect(await json.json()).toMatchObject({ output: FAKE_ANSWER, version: 1, environment: 'prod' });

    const stream = await run(old, { stream: true });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(retirementHeadersOf(stream.headers)).toEqual(expected);
    const events = sseEvents(await stream.text()).map((e) => e.event);
    expect([events[0], events.at(-1)]).toEqual(['start', 'done']);

    const rendered = await render(old);
    expect(rendered.status).toBe(200);
    expect(retirementHeadersOf(rendered.headers)).toEqual(expected);
    expect(await rendered.json()).toMatchObject({ prompt: old, text: 'Tell me about tea.' });

    const resolved = await t.http.get(`/api/v1/prompts/${old}/resolved`).set('X-API-Key', key).expect(200);
    expect(resolved.headers.deprecation).toBe(expected.deprecation);
    expect(resolved.headers.link).toBe(expected.link);

    const { url } = (
      await t.http.post(`/api/v1/prompts/${old}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
    ).body as { url: string };
    const hook = await t.http.post(new URL(url, baseUrl).pathname).send({ topic: 'tea' }).expect(200);
    expect(hook.headers.deprecation).toBe(expected.deprecation);
    expect(hook.headers.sunset).toBe(expected.sunset);
    expect(hook.headers.link).toBe(expected.link);
    const hookRender = await t.http
      .post(`${new URL(url, baseUrl).pathname}?mode=render`)
      .send({ topic: 'tea' })
      .expect(200);
    expect(hookRender.headers.deprecation).toBe(expected.deprecation);

    const oldFlow = await flow(old);
    const newFlow = await flow(successor);
    const flowDeprecation = (await deprecate(oldFlow, { successor: newFlow, sunsetAt }).expect(200)).body.deprecation;
    const executed = await t.http
      .post(`/api/v1/flows/${oldFlow}/execute`)
      .set('X-API-Key', key)
      .send({ inputs: { topic: 'tea' } })
      .expect(200);
    expect(executed.headers.deprecation).toBe(`@${Math.floor(Date.parse(flowDeprecation.deprecatedAt) / 1000)}`);
    expect(executed.headers.sunset).toBe(expected.sunset);
    expect(executed.headers.link).toBe(`</api/v1/prompts/${newFlow}>; rel="successor-version"`);
    const streamed = await t.http
      .post(`/api/v1/flows/${oldFlow}/execute`)
      .set('X-API-Key', key)
      .send({ inputs: { topic: 'tea' }, stream: true })
      .expect(200);
    expect(streamed.headers.deprecation).toBe(executed.headers.deprecation);

    // The successor itself is not deprecated.
    expect(retirementHeadersOf((await run(successor)).headers).deprecation).toBeNull();
  });

  it('answers the same through the fast path and the Nest route: headers, 410 and the successor', async () => {
    const successor = await prompt('Tell me everything about {{ topic }}.');
    const future = await prompt();
    const gone = await prompt();
    const replaced = await prompt();
    await deprecate(future, { successor, sunsetAt: new Date(Date.now() + DAY_MS).toISOString() }).expect(200);
    const past = new Date(Date.now() - 1000).toISOString();
    await deprecate(gone, { successor, sunsetAt: past, allowPastSunset: true }).expect(200);
    await deprecate(replaced, {
      successor,
      sunsetAt: past,
      allowPastSunset: true,
      afterSunset: 'serve_successor',
    }).expect(200);

    const handle = jest.spyOn(t.app.get(ServingFastPath), 'handle');
    const stable = (text: string) =>
      text.replace(/"runId":\d+/g, '"runId":0').replace(/"(latencyMs|ttftMs)":\d+/g, '"$1":0');
    const cases: [string, string, Record<string, unknown>, number][] = [
      ['run', future, {}, 200],
      ['run', future, { stream: true }, 200],
      ['render', future, {}, 200],
      ['run', gone, {}, 410],
      ['run', gone, { stream: true }, 410],
      ['render', gone, {}, 410],
      ['run', replaced, {}, 200],
      ['run', replaced, { stream: true }, 200],
      ['render', replaced, {}, 200],
    ];
    for (const [action, name, extra, status] of cases) {
      const send = async (chunked: boolean) => {
        handle.mockClear();
        const res =
          action === 'run'
            ? await run(name, extra, key, chunked)
            : await postJson(`${baseUrl}/api/v1/prompts/${name}/render`, { variables: { topic: 'tea' } }, key, chunked);
        expect(handle.mock.results.map((r) => r.value)).toEqual([!chunked]);
        return {
          status: res.status,
          contentType: res.headers.get('content-type'),
          ...retirementHeadersOf(res.headers),
          body: stable(await res.text()),
        };
      };
      const fast = await send(false);
      const nest = await send(true);
      expect({ action, name, extra, status: fast.status }).toEqual({ action, name, extra, status });
      expect(fast).toEqual(nest);
      expect(fast.deprecation).toMatch(/^@\d+$/);
    }
    handle.mockRestore();
  });

  it('past the sunset answers 410 PROMPT_SUNSET naming the successor, on run, render, webhook and flow execute', async () => {
    const old = await prompt();
    const successor = await prompt();
    const { url } = (
      await t.http.post(`/api/v1/prompts/${old}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
    ).body as { url: string };
    await run(old); // cached before the sunset is set
    const sunsetAt = new Date(Date.now() - 60_000).toISOString();
    await deprecate(old, { successor, sunsetAt, allowPastSunset: true }).expect(200);

    const res = await run(old);
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('link')).toBe(`</api/v1/prompts/${successor}>; rel="successor-version"`);
    expect(res.headers.get('sunset')).toBe(new Date(sunsetAt).toUTCString());
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({
      status: 410,
      code: 'PROMPT_SUNSET',
      successor,
      successorUrl: `/api/v1/prompts/${successor}`,
      sunsetAt,
    });
    expect(problem.detail).toContain(`"${successor}"`);

    expect((await render(old)).status).toBe(410);
    const hook = await t.http.post(new URL(url, baseUrl).pathname).send({ topic: 'tea' }).expect(410);
    expect(hook.body).toMatchObject({ code: 'PROMPT_SUNSET', successor });

    const oldFlow = await flow(successor);
    const newFlow = await flow(successor);
    await deprecate(oldFlow, { successor: newFlow, sunsetAt, allowPastSunset: true }).expect(200);
    const executed = await t.http
      .post(`/api/v1/flows/${oldFlow}/execute`)
      .set('X-API-Key', key)
      .send({ inputs: { topic: 'tea' } })
      .expect(410);
    expect(executed.body).toMatchObject({ code: 'PROMPT_SUNSET', successor: newFlow });

    // Editors still open it in the console; the list marks it.
    const got = await t.http.get(`/api/v1/prompts/${old}`).set(t.auth).expect(200);
    expect(got.body.deprecation).toMatchObject({ successor, sunsetPassed: true });
  });

  it('serves the successor after the sunset when told to, says so, and logs the run as the successor’s', async () => {
    const old = await prompt();
    const successor = await prompt('Tell me everything about {{ topic }}.');
    await deprecate(old, {
      successor,
      sunsetAt: new Date(Date.now() - 1000).toISOString(),
      allowPastSunset: true,
      afterSunset: 'serve_successor',
    }).expect(200);

    const res = await run(old);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-promptops-served-prompt')).toBe(successor);
    expect(res.headers.get('link')).toBe(`</api/v1/prompts/${successor}>; rel="successor-version"`);
    const answer = (await res.json()) as { runId: number; version: number; environment: string };
    expect(answer).toMatchObject({ version: 1, environment: 'prod' });
    const logged = await t.http.get(`/api/v1/runs/${answer.runId}`).set(t.auth).expect(200);
    expect(logged.body).toMatchObject({ prompt: successor, version: 1, environment: 'prod' });

    const rendered = await render(old);
    expect(rendered.status).toBe(200);
    expect(await rendered.json()).toMatchObject({ prompt: successor, text: 'Tell me everything about tea.' });
  });

  it('retires a flow step’s prompt too: past its sunset the step fails naming the successor, or the successor runs', async () => {
    const gone = await prompt();
    const replaced = await prompt();
    const successor = await prompt('Tell me everything about {{ topic }}.');
    const past = new Date(Date.now() - 1000).toISOString();
    const goneFlow = await flow(gone);
    const replacedFlow = await flow(replaced);
    await deprecate(gone, { successor, sunsetAt: past, allowPastSunset: true }).expect(200);
    await deprecate(replaced, {
      successor,
      sunsetAt: past,
      allowPastSunset: true,
      afterSunset: 'serve_successor',
    }).expect(200);
    const execute = (name: string) =>
      t.http
        .post(`/api/v1/flows/${name}/execute`)
        .set('X-API-Key', key)
        .send({ inputs: { topic: 'tea' } });

    const failed = await execute(goneFlow).expect(410);
    expect(failed.body).toMatchObject({ code: 'FLOW_STEP_FAILED', step: 'only' });
    expect(failed.body.detail).toContain(`"${successor}"`);

    const served = await execute(replacedFlow).expect(200);
    const stepRun = await t.http.get(`/api/v1/runs/${served.body.steps[0].runId}`).set(t.auth).expect(200);
    expect(stepRun.body).toMatchObject({ prompt: successor, source: 'flow' });
    expect(stepRun.body.input).toEqual([{ role: 'user', content: 'Tell me everything about tea.' }]);
  });

  it('refuses a successor that does not exist, is itself, is of the other type or leads back, and a past sunset unless asked', async () => {
    const a = await prompt();
    const b = await prompt();
    const c = await prompt();
    const aFlow = await flow(a);
    const expectInvalid = async (name: string, body: Record<string, unknown>, code: string, field: string) => {
      const res = await deprecate(name, body).expect(400);
      expect(res.body).toMatchObject({ code });
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      return res.body.detail as string;
    };
    expect(
      await expectInvalid(a, { successor: 'no-such-prompt' }, 'DEPRECATION_SUCCESSOR_INVALID', 'successor'),
    ).toContain('does not exist');
    await expectInvalid(a, { successor: a }, 'DEPRECATION_SUCCESSOR_INVALID', 'successor');
    expect(await expectInvalid(a, { successor: aFlow }, 'DEPRECATION_SUCCESSOR_INVALID', 'successor')).toContain(
      'flow',
    );
    expect(await expectInvalid(aFlow, { successor: a }, 'DEPRECATION_SUCCESSOR_INVALID', 'successor')).toContain(
      'prompt',
    );
    await expectInvalid(a, { afterSunset: 'serve_successor' }, 'DEPRECATION_SUCCESSOR_INVALID', 'successor');
    await expectInvalid(
      a,
      { successor: b, sunsetAt: new Date(Date.now() - DAY_MS).toISOString() },
      'DEPRECATION_SUNSET_IN_PAST',
      'sunsetAt',
    );
    await deprecate(a, { afterSunset: 'later' }).expect(400);

    // a → b → c, then c → a would go round.
    await deprecate(a, { successor: b }).expect(200);
    await deprecate(b, { successor: c }).expect(200);
    expect(await expectInvalid(c, { successor: a }, 'DEPRECATION_SUCCESSOR_INVALID', 'successor')).toContain(
      'leads back',
    );
    // Nothing was changed by the refused calls.
    expect((await t.http.get(`/api/v1/prompts/${c}`).set(t.auth).expect(200)).body.deprecation).toBeNull();
  });

  it('needs prompt:publish to deprecate', async () => {
    const name = await prompt();
    const email = `viewer-${Date.now()}@example.com`;
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: 'Editor', password: 'viewer-password-123', role: 'editor' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'viewer-password-123' }).expect(200);
    const editor = { Authorization: `Bearer ${login.body.accessToken}` };
    await t.http.put(`/api/v1/prompts/${name}/deprecation`).set(editor).send({}).expect(403);
    await t.http.get(`/api/v1/prompts/${name}/callers`).set(editor).expect(200);
  });

  it('undoes a deprecation: the headers go, the list filter follows, and both changes are audited', async () => {
    const name = await prompt();
    const successor = await prompt();
    const sunsetAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
    await deprecate(name, { successor, sunsetAt }).expect(200);
    expect((await run(name)).headers.get('deprecation')).toMatch(/^@\d+$/);

    const listed = await t.http
      .get('/api/v1/prompts')
      .query({ deprecated: true, pageSize: 100 })
      .set(t.auth)
      .expect(200);
    const item = (listed.body.items as Array<{ name: string; deprecation: unknown }>).find((i) => i.name === name);
    expect(item?.deprecation).toMatchObject({ successor, sunsetAt });
    const notDeprecated = await t.http
      .get('/api/v1/prompts')
      .query({ deprecated: false, pageSize: 100 })
      .set(t.auth)
      .expect(200);
    expect((notDeprecated.body.items as Array<{ name: string }>).map((i) => i.name)).not.toContain(name);

    const undone = await t.http.delete(`/api/v1/prompts/${name}/deprecation`).set(t.auth).expect(200);
    expect(undone.body.deprecation).toBeNull();
    const after = await run(name);
    expect(after.status).toBe(200);
    expect(retirementHeadersOf(after.headers)).toEqual({
      deprecation: null,
      sunset: null,
      link: null,
      servedPrompt: null,
    });
    const relisted = await t.http
      .get('/api/v1/prompts')
      .query({ deprecated: true, pageSize: 100 })
      .set(t.auth)
      .expect(200);
    expect((relisted.body.items as Array<{ name: string }>).map((i) => i.name)).not.toContain(name);

    const audit = await t.http
      .get('/api/v1/audit')
      .query({ targetType: 'prompt', targetId: name })
      .set(t.auth)
      .expect(200);
    const entries = audit.body.items as Array<{ action: string; summary: Record<string, Record<string, unknown>> }>;
    const deprecated = entries.find((e) => e.action === 'prompt.deprecate');
    expect(deprecated?.summary.after).toMatchObject({ successor, sunsetAt, afterSunset: 'gone' });
    const undeprecated = entries.find((e) => e.action === 'prompt.undeprecate');
    expect(undeprecated?.summary.before).toMatchObject({ successor, sunsetAt });
  });

  it('lists the API keys that called it in the last days (never a secret), and webhook and console calls', async () => {
    const name = await prompt();
    const elsewhere = await prompt();
    expect((await run(name)).status).toBe(200);
    const streamed = await run(name, { stream: true });
    expect(sseEvents(await streamed.text()).at(-1)?.event).toBe('done');
    expect((await run(elsewhere, {}, otherKey)).status).toBe(200);
    const { url } = (
      await t.http.post(`/api/v1/prompts/${name}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
    ).body as { url: string };
    await t.http.post(new URL(url, baseUrl).pathname).send({ topic: 'tea' }).expect(200);
    await t.http
      .post(`/api/v1/run/${name}`)
      .set(t.auth)
      .send({ variables: { topic: 'tea' } })
      .expect(200);

    const res = await t.http.get(`/api/v1/prompts/${name}/callers`).query({ days: 7 }).set(t.auth).expect(200);
    expect(res.body).toMatchObject({ prompt: name, days: 7, totalCalls: 4, webhookCalls: 1, consoleCalls: 1 });
    expect(res.body.apiKeys).toEqual([
      {
        id: expect.any(Number),
        name: 'billing-service',
        prefix: keyPrefix,
        environment: null,
        revoked: false,
        calls: 2,
        lastCallAt: expect.any(String),
        sources: ['api'],
      },
    ]);
    expect(Date.now() - Date.parse(res.body.apiKeys[0].lastCallAt)).toBeLessThan(DAY_MS);
    expect(JSON.stringify(res.body)).not.toContain(key);
    expect(JSON.stringify(res.body)).not.toContain(key.slice(keyPrefix.length + 1));

    await t.http.get(`/api/v1/prompts/${name}/callers`).query({ days: 0 }).set(t.auth).expect(400);
    await t.http.get('/api/v1/prompts/no-such-prompt/callers').set(t.auth).expect(404);
  });
});

/** Two replicas on one database and one Redis: a deprecation made on one reaches the other's serving cache. */
(process.env.REDIS_URL ? describe : describe.skip)('retirement across replicas (Redis)', () => {
  let one: TestApp;
  let two: TestApp;

  beforeAll(async () => {
    one = await startApp({ REDIS_URL: process.env.REDIS_URL });
    two = await startApp({ REDIS_URL: process.env.REDIS_URL }, { databaseOf: one });
  });
  afterAll(async () => {
    await two?.stop();
    await one?.close();
  });

  it('drops the cached resolution on the other replica: its next answer carries the headers', async () => {
    const input = promptInput({ status: 'published' });
    await one.http.post('/api/v1/prompts').set(one.auth).send(input).expect(201);
    await one.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(one.auth).send({ version: 1 }).expect(200);
    const { key } = (
      await one.http
        .post('/api/v1/api-keys')
        .set(one.auth)
        .send({ name: 'svc', scopes: ['render'], rateLimitPerMinute: 1000 })
        .expect(201)
    ).body as { key: string };
    const renderOnTwo = () =>
      two.http
        .post(`/api/v1/prompts/${input.name}/render`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'tea' } });

    // Replica two resolves and caches the prompt before it is deprecated.
    expect((await renderOnTwo().expect(200)).headers.deprecation).toBeUndefined();
    await one.http.put(`/api/v1/prompts/${input.name}/deprecation`).set(one.auth).send({}).expect(200);

    // The invalidation travels over Redis pub/sub: wait for it rather than for a fixed time.
    let deprecation: string | undefined;
    for (let i = 0; i < 100 && !deprecation; i++) {
      deprecation = (await renderOnTwo().expect(200)).headers.deprecation;
      if (!deprecation) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(deprecation).toMatch(/^@\d+$/);
  });
});
