import { FAKE_ANSWER, FAKE_USAGE, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';

/** Dollars as the API gives them: to 10 decimal places. */
const usd = (dollars: number) => Number(dollars.toFixed(10));

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

describe('playground: run a version on a model, stream it, log it, re-run it', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let provider: string;
  let prompt: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const created = providerInput(fake.url, {
      models: [
        { id: 'gpt-4o-mini' },
        { id: 'fake-priced', inputPricePerMTok: 1, outputPricePerMTok: 2 },
        { id: 'fake-no-usage' },
        { id: 'fake-echo' },
        { id: 'fake-hang' },
        { id: 'unpriced-model' },
      ],
    });
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
    const input = promptInput({ template: 'Write a short poem about {{ topic }}.' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    prompt = input.name;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const run = (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/playground/runs')
      .set(t.auth)
      .send({ prompt, version: 1, variables: { topic: 'autumn' }, provider, model: 'gpt-4o-mini', ...body });

  /** Posts with node's fetch and reads the event stream as a browser would, event by event. */
  async function stream(path: string, body: Record<string, unknown>, stopAfter?: (e: SseEvent) => boolean) {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { ...t.auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const events: SseEvent[] = [];
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Record<string, unknown>;
          events.push({ event, data });
          if (stopAfter?.({ event, data })) {
            controller.abort();
            return { response, events };
          }
        }
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
    return { response, events };
  }

  async function waitForRun(id: number, status: string) {
    for (let i = 0; i < 100; i++) {
      const res = await t.http.get(`/api/v1/playground/runs/${id}`).set(t.auth).expect(200);
      if (res.body.status === status) return res.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${id} never became ${status}`);
  }

  it('renders the version, calls the model and answers with usage, cost and timings', async () => {
    const res = await run({ temperature: 0.2, maxTokens: 50 }).expect(201);
    expect(res.body).toMatchObject({
      output: FAKE_ANSWER,
      usage: {
        promptTokens: FAKE_USAGE.prompt_tokens,
        completionTokens: FAKE_USAGE.completion_tokens,
        estimated: false,
      },
      // gpt-4o-mini lists at $0.15 / $0.60 per million tokens.
      costUsd: usd((11 * 0.15 + 7 * 0.6) / 1e6),
      ttftMs: null,
      provider,
      model: 'gpt-4o-mini',
      renderedMessages: [{ role: 'user', content: 'Write a short poem about autumn.' }],
    });
    expect(res.body.latencyMs).toEqual(expect.any(Number));

    const sent = fake.requests.at(-1)!;
    expect(sent.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_tokens: 50,
      messages: [{ role: 'user', content: 'Write a short poem about autumn.' }],
    });
    expect(sent.headers.authorization).toMatch(/^Bearer sk-test-/);

    const logged = await t.http.get(`/api/v1/playground/runs/${res.body.runId}`).set(t.auth).expect(200);
    expect(logged.body).toMatchObject({
      id: res.body.runId,
      source: 'playground',
      prompt,
      version: 1,
      provider,
      model: 'gpt-4o-mini',
      status: 'success',
      variables: { topic: 'autumn' },
      input: [{ role: 'user', content: 'Write a short poem about autumn.' }],
      parameters: { temperature: 0.2, maxTokens: 50 },
      output: FAKE_ANSWER,
      usage: { promptTokens: 11, completionTokens: 7, estimated: false },
      costUsd: res.body.costUsd,
      error: null,
      user: 'admin@example.com',
    });
  });

  it('prices a model with the provider’s own price, and leaves an unknown price empty', async () => {
    const priced = await run({ model: 'fake-priced' }).expect(201);
    expect(priced.body.costUsd).toBe(usd((11 * 1 + 7 * 2) / 1e6));
    const unpriced = await run({ model: 'unpriced-model' }).expect(201);
    expect(unpriced.body.costUsd).toBeNull();
  });

  it('sends a chat version as role messages with the version’s parameters', async () => {
    const input = promptInput({
      template: undefined,
      kind: 'chat',
      messages: [
        { role: 'system', template: 'You write about {{ topic }}.' },
        { role: 'user', template: 'One line, please.' },
      ],
      variablesMeta: [],
      modelConfig: { temperature: 0.7, topP: 0.9 },
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const res = await run({ prompt: input.name, model: 'fake-echo', stop: ['END'] }).expect(201);
    const expected = [
      { role: 'system', content: 'You write about autumn.' },
      { role: 'user', content: 'One line, please.' },
    ];
    expect(res.body.renderedMessages).toEqual(expected);
    expect(JSON.parse(res.body.output)).toEqual(expected);
    expect(fake.requests.at(-1)!.body).toMatchObject({ temperature: 0.7, top_p: 0.9, stop: ['END'] });
  });

  it('streams start, deltas and done, in order, with the provider’s usage', async () => {
    const { response, events } = await stream('/api/v1/playground/runs', {
      prompt,
      version: 1,
      variables: { topic: 'rain' },
      provider,
      model: 'gpt-4o-mini',
      stream: true,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe('start');
    expect(kinds.at(-1)).toBe('done');
    expect(kinds.slice(1, -1).every((k) => k === 'delta')).toBe(true);
    expect(kinds.length).toBeGreaterThan(4);

    const text = events
      .filter((e) => e.event === 'delta')
      .map((e) => e.data.text)
      .join('');
    const done = events.at(-1)!.data;
    expect(text).toBe(FAKE_ANSWER);
    expect(done).toMatchObject({
      runId: events[0].data.runId,
      output: FAKE_ANSWER,
      usage: { promptTokens: 11, completionTokens: 7, estimated: false },
      costUsd: usd((11 * 0.15 + 7 * 0.6) / 1e6),
    });
    expect(done.ttftMs).toEqual(expect.any(Number));
    expect(done.ttftMs as number).toBeLessThanOrEqual(done.latencyMs as number);
    // Usage in a stream only comes when asked for.
    expect(fake.requests.at(-1)!.body.stream_options).toEqual({ include_usage: true });

    const logged = await t.http.get(`/api/v1/playground/runs/${done.runId}`).set(t.auth).expect(200);
    expect(logged.body).toMatchObject({ status: 'success', output: FAKE_ANSWER, ttftMs: done.ttftMs });
  });

  it('estimates usage with a tokenizer when the provider reports none, and says so', async () => {
    const plain = await run({ model: 'fake-no-usage' }).expect(201);
    expect(plain.body.usage.estimated).toBe(true);
    expect(plain.body.usage.promptTokens).toBeGreaterThan(5);
    expect(plain.body.usage.completionTokens).toBeGreaterThan(5);

    const { events } = await stream('/api/v1/playground/runs', {
      prompt,
      version: 1,
      variables: { topic: 'rain' },
      provider,
      model: 'fake-no-usage',
      stream: true,
    });
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.usage).toEqual(plain.body.usage);
    const logged = await t.http.get(`/api/v1/playground/runs/${done.data.runId}`).set(t.auth).expect(200);
    expect(logged.body.usage.estimated).toBe(true);
  });

  it('aborts the model call and logs the run as aborted when the client goes away mid-stream', async () => {
    const { events } = await stream(
      '/api/v1/playground/runs',
      { prompt, version: 1, variables: { topic: 'fog' }, provider, model: 'fake-hang', stream: true },
      (e) => e.event === 'delta',
    );
    expect(events.map((e) => e.event)).toEqual(['start', 'delta']);
    const runId = events[0].data.runId as number;
    const logged = await waitForRun(runId, 'aborted');
    expect(logged).toMatchObject({ output: 'The ', error: { code: 'RUN_ABORTED' } });
    // What had arrived is counted (estimated), with the time it took.
    expect(logged.usage).toMatchObject({ estimated: true });
    expect(logged.usage.completionTokens).toBeGreaterThan(0);
    expect(logged.usage.promptTokens).toBeGreaterThan(0);
    expect(logged.latencyMs).toEqual(expect.any(Number));

    const upstream = fake.requestsFor('fake-hang').at(-1)!;
    for (let i = 0; i < 50 && !upstream.aborted; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream.aborted).toBe(true);
  });

  it('re-runs a logged run on another model with other parameters, keeping its input', async () => {
    const first = await run({ temperature: 0.1 }).expect(201);
    const again = await t.http
      .post(`/api/v1/playground/runs/${first.body.runId}/rerun`)
      .set(t.auth)
      .send({ model: 'fake-echo', maxTokens: 20 })
      .expect(201);
    expect(again.body.model).toBe('fake-echo');
    expect(JSON.parse(again.body.output)).toEqual([{ role: 'user', content: 'Write a short poem about autumn.' }]);
    expect(fake.requests.at(-1)!.body).toMatchObject({ temperature: 0.1, max_tokens: 20 });

    const logged = await t.http.get(`/api/v1/playground/runs/${again.body.runId}`).set(t.auth).expect(200);
    expect(logged.body).toMatchObject({
      rerunOf: first.body.runId,
      prompt,
      version: 1,
      model: 'fake-echo',
      parameters: { temperature: 0.1, maxTokens: 20 },
    });

    const streamed = await stream(`/api/v1/playground/runs/${first.body.runId}/rerun`, { stream: true });
    expect(streamed.events.at(-1)).toMatchObject({
      event: 'done',
      data: { output: FAKE_ANSWER, model: 'gpt-4o-mini' },
    });
  });

  it('lists runs newest first, by prompt and page', async () => {
    const other = promptInput({ template: 'Other {{ topic }}' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(other).expect(201);
    const a = await run({ prompt: other.name }).expect(201);
    const b = await run({ prompt: other.name, model: 'fake-echo' }).expect(201);

    const list = await t.http.get(`/api/v1/playground/runs?prompt=${other.name}`).set(t.auth).expect(200);
    expect(list.body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(list.body.items.map((r: { id: number }) => r.id)).toEqual([b.body.runId, a.body.runId]);
    expect(list.body.items[1]).toMatchObject({ prompt: other.name, status: 'success', outputPreview: FAKE_ANSWER });
    expect(list.body.items[1].input).toBeUndefined();

    const page2 = await t.http.get('/api/v1/playground/runs?pageSize=2&page=2').set(t.auth).expect(200);
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.total).toBeGreaterThan(4);
    await t.http.get('/api/v1/playground/runs/999999').set(t.auth).expect(404);
  });

  it('refuses unknown providers, models a provider does not offer and missing variables, logging nothing', async () => {
    const before = (await t.http.get('/api/v1/playground/runs').set(t.auth)).body.total;
    const unknown = await run({ provider: 'nope' }).expect(400);
    expect(unknown.body.code).toBe('PROVIDER_NOT_FOUND');
    const model = await run({ model: 'gpt-5' }).expect(400);
    expect(model.body.code).toBe('MODEL_NOT_ALLOWED');
    const missing = await run({ variables: {} }).expect(400);
    expect(missing.body.detail).toBe('Missing variable: {{topic}}');
    await run({ version: 9 }).expect(404);
    await t.http.patch(`/api/v1/providers/${provider}`).set(t.auth).send({ enabled: false }).expect(200);
    const disabled = await run({}).expect(400);
    expect(disabled.body.code).toBe('PROVIDER_DISABLED');
    await t.http.patch(`/api/v1/providers/${provider}`).set(t.auth).send({ enabled: true }).expect(200);
    expect((await t.http.get('/api/v1/playground/runs').set(t.auth)).body.total).toBe(before);
  });

  it('estimates the tokens and the most a run can cost, for a version or unsaved content', async () => {
    const saved = await t.http
      .post('/api/v1/playground/estimate')
      .set(t.auth)
      .send({ prompt, version: 1, variables: { topic: 'autumn' }, model: 'gpt-4o-mini', maxTokens: 1000 })
      .expect(200);
    const { promptTokens } = saved.body;
    expect(promptTokens).toBeGreaterThan(7);
    expect(saved.body).toMatchObject({
      maxTokens: 1000,
      maxOutputTokens: 1000,
      maxOutputTokensSource: 'request',
      price: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
      estimatedCostUsd: usd((promptTokens * 0.15 + 1000 * 0.6) / 1e6),
      renderedMessages: [{ role: 'user', content: 'Write a short poem about autumn.' }],
    });

    const unsaved = await t.http
      .post('/api/v1/playground/estimate')
      .set(t.auth)
      .send({
        template: 'Write a short poem about {{ topic }}.',
        variables: { topic: 'autumn' },
        provider,
        model: 'fake-priced',
        maxTokens: 10,
      })
      .expect(200);
    expect(unsaved.body.promptTokens).toBe(promptTokens);
    expect(unsaved.body.estimatedCostUsd).toBe(usd((promptTokens * 1 + 10 * 2) / 1e6));

    const unknown = await t.http
      .post('/api/v1/playground/estimate')
      .set(t.auth)
      .send({ template: 'Hi', model: 'my-own-model' })
      .expect(200);
    expect(unknown.body).toMatchObject({
      price: null,
      estimatedCostUsd: null,
      maxTokens: null,
      maxOutputTokens: null,
      maxOutputTokensSource: null,
      inputCostUsd: null,
      outputCostMaxUsd: null,
      totalCostMaxUsd: null,
    });
  });

  it("bounds the cost by the model's output limit when no max tokens is set, and names each part", async () => {
    const res = await t.http
      .post('/api/v1/playground/estimate')
      .set(t.auth)
      .send({ template: 'Write a short poem about {{ topic }}.', variables: { topic: 'autumn' }, model: 'gpt-4o-mini' })
      .expect(200);
    const { promptTokens } = res.body;
    expect(res.body).toEqual(
      expect.objectContaining({
        maxTokens: null,
        maxOutputTokens: 16_384,
        maxOutputTokensSource: 'modelLimit',
        inputCostUsd: usd((promptTokens * 0.15) / 1e6),
        outputCostMaxUsd: usd((16_384 * 0.6) / 1e6),
        totalCostMaxUsd: usd((promptTokens * 0.15 + 16_384 * 0.6) / 1e6),
        estimatedCostUsd: usd((promptTokens * 0.15 + 16_384 * 0.6) / 1e6),
      }),
    );
    expect(res.body.estimatedCostUsd).toBeGreaterThan(res.body.inputCostUsd);

    const capped = promptInput({ modelConfig: { model: 'gpt-4o-mini', maxTokens: 50 } });
    await t.http.post('/api/v1/prompts').set(t.auth).send(capped).expect(201);
    const saved = await t.http
      .post('/api/v1/playground/estimate')
      .set(t.auth)
      .send({ prompt: capped.name, version: 1, variables: { topic: 'autumn' }, model: 'gpt-4o-mini' })
      .expect(200);
    expect(saved.body).toMatchObject({
      maxTokens: 50,
      maxOutputTokens: 50,
      maxOutputTokensSource: 'version',
      totalCostMaxUsd: usd((promptTokens * 0.15 + 50 * 0.6) / 1e6),
    });
  });
});
