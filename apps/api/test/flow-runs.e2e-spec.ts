import { FlowDefinition } from '@promptops/shared';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { apiKey } from './factories/serving.factory';
import { startApp, TestApp } from './harness';
import { sseEvents } from './sse';

const JSON_ANSWER = 'Here you go:\n```json\n{"order_id": "1234", "urgent": true}\n```';

describe('flow runs: executing a flow of prompts', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let provider: string;
  let key: string;
  let sequence = 0;

  beforeAll(async () => {
    fake = await FakeLlmServer.start({ answers: { 'fake-json': JSON_ANSWER } });
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const created = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
    key = await apiKey(t, ['run']);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** A published prompt deployed to prod that sends `{{ text }}` to `model`. */
  async function prompt(model: string, template = 'Say {{ text }}'): Promise<string> {
    const input = promptInput({
      template,
      variablesMeta: [],
      modelConfig: { provider, model },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    return input.name;
  }

  /** A published flow deployed to prod. */
  async function flow(
    definition: FlowDefinition,
    inputs: Array<{ name: string; type: string; required?: boolean }> = [],
  ): Promise<string> {
    sequence += 1;
    const name = `flow-${sequence}-${Date.now().toString(36)}`;
    await t.http
      .post('/api/v1/flows')
      .set(t.auth)
      .send({ name, displayName: `Flow ${sequence}`, inputs, definition, status: 'published' })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    return name;
  }

  const execute = (name: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/flows/${name}/execute`).set('X-API-Key', key).send(body);

  const runRows = (where: string, params: unknown[]) =>
    t.dataSource.query(
      `SELECT id, kind, source, parent_run_id AS parentRunId, step_id AS stepId, status, prompt_name AS promptName,
              prompt_tokens AS promptTokens, completion_tokens AS completionTokens, cost_usd AS costUsd,
              latency_ms AS latencyMs, created_at AS createdAt, error_code AS errorCode, output
         FROM runs WHERE ${where} ORDER BY id`,
      params,
    ) as Promise<Array<Record<string, unknown>>>;

  async function waitForRun(id: number): Promise<Record<string, unknown>> {
    for (let i = 0; i < 200; i++) {
      const [row] = await runRows('id = ?', [id]);
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`run ${id} was never logged`);
  }

  it('runs independent steps in parallel: a diamond with two slow branches takes about one slow step', async () => {
    const fast = await prompt('gpt-4o-mini');
    const slow = await prompt('fake-delay-1000');
    const one = await flow({ steps: [{ id: 'only', prompt: { name: slow }, inputs: { text: 'hi' } }], output: '' });
    const diamond = await flow(
      {
        steps: [
          { id: 'a', prompt: { name: fast }, inputs: { text: '{{ inputs.q }}' } },
          { id: 'b', prompt: { name: slow }, inputs: { text: '{{ steps.a.output }}' } },
          { id: 'c', prompt: { name: slow }, inputs: { text: '{{ steps.a.output }}' } },
          { id: 'd', prompt: { name: fast }, inputs: { text: '{{ steps.b.output }} / {{ steps.c.output }}' } },
        ],
        output: '{{ steps.d.output }}',
      },
      [{ name: 'q', type: 'string' }],
    );

    await execute(one).expect(200); // warm: the first call pays for connections and caches
    let started = performance.now();
    await execute(one).expect(200);
    const single = performance.now() - started;
    started = performance.now();
    const res = await execute(diamond, { inputs: { q: 'go' } }).expect(200);
    const whole = performance.now() - started;

    expect(whole).toBeGreaterThan(single);
    expect(whole).toBeLessThan(1.6 * single);
    const branches = await runRows('parent_run_id = ? AND step_id IN (?, ?)', [res.body.flowRunId, 'b', 'c']);
    expect(branches).toHaveLength(2);
    const [b, c] = branches;
    const span = (r: Record<string, unknown>) => {
      const start = new Date(r.createdAt as string).getTime();
      return [start, start + Number(r.latencyMs)];
    };
    const [bStart, bEnd] = span(b);
    const [cStart, cEnd] = span(c);
    expect(bStart).toBeLessThan(cEnd);
    expect(cStart).toBeLessThan(bEnd);
  });

  it('answers the flow’s output and each step, and logs one flow run whose steps add up', async () => {
    const fast = await prompt('gpt-4o-mini');
    const name = await flow(
      {
        steps: [
          { id: 'first', prompt: { name: fast }, inputs: { text: '{{ inputs.q }}' } },
          { id: 'second', prompt: { name: fast }, inputs: { text: '{{ steps.first.output }}' } },
        ],
        output: 'Answer: {{ steps.second.output }}',
      },
      [{ name: 'q', type: 'string' }],
    );
    const res = await execute(name, { inputs: { q: 'hello' } }).expect(200);
    expect(res.body).toMatchObject({
      flow: name,
      version: 1,
      environment: 'prod',
      output: `Answer: ${FAKE_ANSWER}`,
      steps: [
        { id: 'first', status: 'success', output: FAKE_ANSWER, prompt: fast, promptVersion: 1, attempts: 1 },
        { id: 'second', status: 'success', output: FAKE_ANSWER, prompt: fast, promptVersion: 1, attempts: 1 },
      ],
      usage: { promptTokens: 22, completionTokens: 14, estimated: false },
    });
    expect(res.body.costUsd).toBeGreaterThan(0);

    const [flowRun] = await runRows('id = ?', [res.body.flowRunId]);
    expect(flowRun).toMatchObject({
      kind: 'flow',
      source: 'api',
      status: 'success',
      promptName: name,
      parentRunId: null,
    });
    const steps = await runRows('parent_run_id = ?', [res.body.flowRunId]);
    expect(steps.map((s) => [s.stepId, s.kind, s.source])).toEqual([
      ['first', 'model', 'flow'],
      ['second', 'model', 'flow'],
    ]);
    expect(steps.map((s) => s.id)).toEqual(res.body.steps.map((s: { runId: number }) => s.runId));
    const sum = (field: string) => steps.reduce((total, s) => total + Number(s[field]), 0);
    expect(Number(flowRun.promptTokens)).toBe(sum('promptTokens'));
    expect(Number(flowRun.completionTokens)).toBe(sum('completionTokens'));
    expect(Number(flowRun.costUsd)).toBeCloseTo(sum('costUsd'), 10);
    expect(Number(flowRun.costUsd)).toBeCloseTo(res.body.costUsd, 10);
  });

  it('skips a step whose condition is false and lets a later step index a parsed JSON output', async () => {
    const extract = await prompt('fake-json');
    const echo = await prompt('fake-echo', 'Order {{ text }}');
    const name = await flow({
      steps: [
        { id: 'extract', prompt: { name: extract }, inputs: { text: 'x' }, parseJson: true },
        {
          id: 'urgent',
          prompt: { name: echo },
          inputs: { text: '{{ steps.extract.output.order_id }}' },
          when: 'steps.extract.output.urgent',
        },
        { id: 'calm', prompt: { name: echo }, inputs: { text: 'none' }, when: 'not steps.extract.output.urgent' },
      ],
      output: '{{ steps.extract.output }}',
    });
    const res = await execute(name).expect(200);
    expect(res.body.output).toEqual({ order_id: '1234', urgent: true });
    expect(res.body.steps.map((s: { status: string }) => s.status)).toEqual(['success', 'success', 'skipped']);
    expect(res.body.steps[1].output).toContain('Order 1234');
    expect(res.body.steps[2]).toMatchObject({ output: null, runId: null, attempts: 0 });
  });

  it('fails, skips or falls back on a failing step as its onError says', async () => {
    const broken = await prompt('fake-401');
    const fast = await prompt('gpt-4o-mini');
    const definition = (onError: Record<string, unknown>): FlowDefinition => ({
      steps: [
        { id: 'risky', prompt: { name: broken }, inputs: { text: 'x' }, onError: onError as never },
        { id: 'after', prompt: { name: fast }, inputs: { text: '{{ steps.risky.output }}' } },
      ],
      output: '{{ steps.risky.output }}',
    });

    const failed = await execute(await flow(definition({ mode: 'fail' }))).expect(502);
    expect(failed.headers['content-type']).toContain('application/problem+json');
    expect(failed.body).toMatchObject({ code: 'FLOW_STEP_FAILED', step: 'risky' });
    expect(failed.body.detail).toMatch(/^Step "risky" failed: Provider/);
    expect(failed.body.steps.map((s: { status: string }) => s.status)).toEqual(['error', 'pending']);
    const [flowRun] = await runRows('id = ?', [failed.body.flowRunId]);
    expect(flowRun).toMatchObject({ status: 'error', errorCode: 'FLOW_STEP_FAILED' });

    const failedStream = await fetch(`${baseUrl}/api/v1/flows/${await flow(definition({ mode: 'fail' }))}/execute`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true }),
    });
    const failedEvents = sseEvents(await failedStream.text());
    expect(failedEvents.map((e) => e.event)).toEqual(['flow.started', 'step.started', 'step.failed', 'flow.failed']);
    expect(failedEvents.at(-1)!.data).toMatchObject({ code: 'FLOW_STEP_FAILED', status: 502, step: 'risky' });

    const skipped = await execute(await flow(definition({ mode: 'skip' }))).expect(200);
    expect(skipped.body.output).toBeNull();
    expect(skipped.body.steps[0]).toMatchObject({
      status: 'error',
      output: null,
      error: { code: 'PROVIDER_AUTH_FAILED' },
    });
    expect(skipped.body.steps[1].status).toBe('success');

    const fellBack = await execute(await flow(definition({ mode: 'fallback', value: 'sorry' }))).expect(200);
    expect(fellBack.body.output).toBe('sorry');
    expect(fellBack.body.steps[0]).toMatchObject({ status: 'error', output: 'sorry' });
  });

  it('retries a failing provider and times out a slow step, each attempt in the run log', async () => {
    const failing = await prompt('fake-500');
    const slow = await prompt('fake-delay-1000');
    const name = await flow({
      steps: [
        { id: 'flaky', prompt: { name: failing }, inputs: { text: 'x' }, retries: 1, onError: { mode: 'skip' } },
        { id: 'slow', prompt: { name: slow }, inputs: { text: 'x' }, timeoutMs: 200, onError: { mode: 'skip' } },
      ],
      output: 'done',
    });
    const res = await execute(name).expect(200);
    expect(res.body.steps[0]).toMatchObject({ status: 'error', attempts: 2, error: { code: 'PROVIDER_ERROR' } });
    expect(res.body.steps[1]).toMatchObject({ status: 'error', attempts: 1, error: { code: 'PROVIDER_TIMEOUT' } });
    expect(res.body.steps[1].error.detail).toContain('200 ms');
    const attempts = await runRows('parent_run_id = ?', [res.body.flowRunId]);
    expect(attempts.filter((r) => r.stepId === 'flaky').map((r) => r.status)).toEqual(['error', 'error']);
    expect(attempts.filter((r) => r.stepId === 'slow').map((r) => r.status)).toEqual(['aborted']);
  });

  it('streams the flow’s events in order and ends with the same answer as JSON', async () => {
    const fast = await prompt('gpt-4o-mini');
    const name = await flow({
      steps: [
        { id: 'a', prompt: { name: fast }, inputs: { text: 'x' } },
        { id: 'b', prompt: { name: fast }, inputs: { text: '{{ steps.a.output }}' } },
        { id: 'c', prompt: { name: fast }, inputs: { text: '{{ steps.a.output }}' } },
      ],
      output: '{{ steps.b.output }}',
    });
    const response = await fetch(`${baseUrl}/api/v1/flows/${name}/execute`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = sseEvents(await response.text());
    const names = events.map((e) => (e.data.step ? `${e.event}:${e.data.step as string}` : e.event));
    expect(names[0]).toBe('flow.started');
    expect(names.at(-1)).toBe('flow.completed');
    for (const step of ['a', 'b', 'c']) {
      expect(names.indexOf(`step.started:${step}`)).toBeLessThan(names.indexOf(`step.completed:${step}`));
    }
    expect(names.indexOf(`step.started:b`)).toBeGreaterThan(names.indexOf('step.completed:a'));
    expect(names.indexOf(`step.started:c`)).toBeGreaterThan(names.indexOf('step.completed:a'));
    const deltas = events.filter((e) => e.event === 'step.delta' && e.data.step === 'a').map((e) => e.data.text);
    expect(deltas.join('')).toBe(FAKE_ANSWER);
    const last = events.at(-1)!.data;
    expect(last).toMatchObject({ flow: name, output: FAKE_ANSWER });
    const [flowRun] = await runRows('id = ?', [last.flowRunId]);
    expect(flowRun.status).toBe('success');
  });

  it('finishes and logs a flow whose client went away mid-stream', async () => {
    const slow = await prompt('fake-delay-1000');
    const name = await flow({
      steps: [
        { id: 'a', prompt: { name: slow }, inputs: { text: 'x' } },
        { id: 'b', prompt: { name: slow }, inputs: { text: '{{ steps.a.output }}' } },
      ],
      output: '{{ steps.b.output }}',
    });
    const abort = new AbortController();
    const response = await fetch(`${baseUrl}/api/v1/flows/${name}/execute`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true }),
      signal: abort.signal,
    });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    const flowRunId = Number(/"flowRunId":(\d+)/.exec(first)![1]);
    abort.abort();
    const row = await waitForRun(flowRunId);
    expect(row).toMatchObject({ status: 'success', output: FAKE_ANSWER });
    expect(await runRows('parent_run_id = ?', [flowRunId])).toHaveLength(2);
  });

  it('answers a retried request with the same Idempotency-Key from the first run', async () => {
    const fast = await prompt('gpt-4o-mini');
    const name = await flow({
      steps: [{ id: 'a', prompt: { name: fast }, inputs: { text: 'x' } }],
      output: '{{ steps.a.output }}',
    });
    const first = await execute(name, { inputs: {} }).set('Idempotency-Key', 'order-1234').expect(200);
    const again = await execute(name, { inputs: {} }).set('Idempotency-Key', 'order-1234').expect(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    expect(await runRows('kind = ? AND prompt_name = ?', ['flow', name])).toHaveLength(1);

    const streamed = await fetch(`${baseUrl}/api/v1/flows/${name}/execute`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', 'idempotency-key': 'order-5678' },
      body: JSON.stringify({ stream: true }),
    });
    const firstEvents = sseEvents(await streamed.text());
    const replayed = await fetch(`${baseUrl}/api/v1/flows/${name}/execute`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json', 'idempotency-key': 'order-5678' },
      body: JSON.stringify({ stream: true }),
    });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(sseEvents(await replayed.text())).toEqual([firstEvents.at(-1)]);

    const reused = await execute(name, { inputs: { other: 1 } })
      .set('Idempotency-Key', 'order-1234')
      .expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const invalid = await execute(name).set('Idempotency-Key', 'spaces are not allowed').expect(400);
    expect(invalid.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
  });

  it('refuses a second request with a key whose first request is still running', async () => {
    const slow = await prompt('fake-delay-1000');
    const name = await flow({ steps: [{ id: 'a', prompt: { name: slow }, inputs: { text: 'x' } }], output: 'ok' });
    const first = execute(name)
      .set('Idempotency-Key', 'slow-1')
      .then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await execute(name).set('Idempotency-Key', 'slow-1').expect(409);
    expect(second.body.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(second.headers['retry-after']).toBeDefined();
    expect((await first).status).toBe(200);
    expect(await runRows('kind = ? AND prompt_name = ?', ['flow', name])).toHaveLength(1);
  });

  it('refuses what cannot run before anything runs: a prompt, a missing input, another environment', async () => {
    const fast = await prompt('gpt-4o-mini');
    const notFlow = await execute(fast).expect(404);
    expect(notFlow.body.code).toBe('FLOW_NOT_FOUND');
    const name = await flow(
      { steps: [{ id: 'a', prompt: { name: fast }, inputs: { text: '{{ inputs.question }}' } }], output: 'ok' },
      [{ name: 'question', type: 'string' }],
    );
    const missing = await execute(name).expect(400);
    expect(missing.body).toMatchObject({ code: 'MISSING_VARIABLE', detail: 'Missing variable: {{question}}' });
    const stagingKey = await apiKey(t, ['run'], { environment: 'staging' });
    const refused = await t.http
      .post(`/api/v1/flows/${name}/execute`)
      .set('X-API-Key', stagingKey)
      .send({ environment: 'prod', inputs: { question: 'q' } })
      .expect(403);
    expect(refused.body.code).toBe('API_KEY_ENVIRONMENT_MISMATCH');
    expect(await runRows('kind = ? AND prompt_name = ?', ['flow', name])).toHaveLength(0);
  });

  it('runs a flow deployment from a webhook with a flat payload', async () => {
    const echo = await prompt('fake-echo', 'Write about {{ text }}');
    const name = await flow(
      {
        steps: [{ id: 'a', prompt: { name: echo }, inputs: { text: '{{ inputs.topic }}' } }],
        output: '{{ steps.a.output }}',
      },
      [{ name: 'topic', type: 'string' }],
    );
    const secret = (
      await t.http.post(`/api/v1/prompts/${name}/deployments/prod/webhook-secret`).set(t.auth).send({}).expect(201)
    ).body.secret;
    const res = await t.http.post(`/api/webhooks/${secret}`).send({ topic: 'autumn' }).expect(200);
    expect(res.body.output).toContain('Write about autumn');
    expect(res.body).toMatchObject({ version: 1, environment: 'prod' });
    const [flowRun] = await runRows('id = ?', [res.body.runId]);
    expect(flowRun).toMatchObject({ kind: 'flow', source: 'webhook', status: 'success' });

    const missing = await t.http.post(`/api/webhooks/${secret}`).send({}).expect(400);
    expect(missing.body.detail).toBe('Missing variable: {{topic}}');
  });

  it('queues a flow run and shows it completed in the run log', async () => {
    const fast = await prompt('gpt-4o-mini');
    const name = await flow({
      steps: [{ id: 'a', prompt: { name: fast }, inputs: { text: 'x' } }],
      output: '{{ steps.a.output }}',
    });
    const res = await execute(name, { mode: 'queue' }).expect(202);
    expect(res.body).toMatchObject({ flow: name, version: 1, location: `/api/v1/runs/${res.body.flowRunId}` });
    let run: Record<string, unknown> = {};
    for (let i = 0; i < 100 && run.status !== 'success'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const got = await t.http.get(res.body.location).set(t.auth);
      if (got.status === 200) run = got.body;
    }
    expect(run).toMatchObject({ id: res.body.flowRunId, status: 'success', output: FAKE_ANSWER });
  });

  it('tests a draft from the console, logged as a Playground run', async () => {
    const fast = await prompt('gpt-4o-mini');
    const name = await flow({
      steps: [{ id: 'a', prompt: { name: fast }, inputs: { text: 'x' } }],
      output: '{{ steps.a.output }}',
    });
    const res = await t.http.post(`/api/v1/flows/${name}/test`).set(t.auth).send({ inputs: {} }).expect(200);
    expect(res.body.output).toBe(FAKE_ANSWER);
    const [flowRun] = await runRows('id = ?', [res.body.flowRunId]);
    expect(flowRun).toMatchObject({ kind: 'flow', source: 'playground' });
  });
});
