import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';

interface LoggedRun {
  id: number;
  status: string;
  output: string | null;
  error_code: string | null;
}

/** The run log as the database holds it, read after the app has shut down. */
async function loggedRuns(t: TestApp): Promise<LoggedRun[]> {
  const sql = 'SELECT id, status, output, error_code FROM runs ORDER BY id';
  const { database } = t.config;
  if (database.type === 'sqlite') {
    const db = new Database(database.database, { readonly: true });
    try {
      return db.prepare(sql).all() as LoggedRun[];
    } finally {
      db.close();
    }
  }
  const connection = await createConnection({ uri: database.url });
  try {
    const [rows] = await connection.query(sql);
    return rows as LoggedRun[];
  } finally {
    await connection.end();
  }
}

/**
 * The run log is written once per run, when it ends, in batches; a run's answer goes out only
 * after its row is committed. These are the promises that design must keep.
 */
describe('run log durability: every answered run is logged once, and a shutdown logs the runs under way', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let baseUrl: string;
  let quick: string;
  let slow: string;
  let key: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    // `fake-drip` streams a word every 300 ms (about 3 s in all): still under way when the shutdown's grace ends.
    t = await startApp({ SHUTDOWN_GRACE_MS: '400' });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const provider = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const deploy = async (model: string) => {
      const input = promptInput({ modelConfig: { provider: provider.name, model }, status: 'published' });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      return input.name;
    };
    quick = await deploy('fake-normal');
    slow = await deploy('fake-drip');
    key = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'svc', scopes: ['run'], rateLimitPerMinute: 10000 })
        .expect(201)
    ).body.key;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const run = (prompt: string, stream = false) =>
    fetch(`${baseUrl}/api/v1/run/${prompt}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ variables: { topic: 'tides' }, stream }),
    });

  it('shows a run under way, then logs it, and the answered runs, when the server shuts down', async () => {
    // 60 runs at once: logged in batches, each answered only once its row is committed.
    const answers = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const res = await run(quick);
        expect(res.status).toBe(200);
        return (await res.json()) as { runId: number; output: string };
      }),
    );
    const answeredIds = answers.map((a) => a.runId);
    expect(new Set(answeredIds).size).toBe(60);

    // A streamed run that is still going: visible while it runs.
    const streaming = await run(slow, true);
    const reader = streaming.body!.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    while (!seen.includes('event: delta')) seen += decoder.decode((await reader.read()).value, { stream: true });
    const runningId = Number(/"runId":(\d+)/.exec(seen)![1]);
    const list = await t.http.get('/api/v1/runs').query({ prompt: slow }).set(t.auth).expect(200);
    expect(list.body.items).toEqual([]);
    expect(list.body.inFlight).toEqual([
      expect.objectContaining({ id: runningId, status: 'running', prompt: slow, source: 'api', version: 1 }),
    ]);
    const one = await t.http.get(`/api/v1/runs/${runningId}`).set(t.auth).expect(200);
    expect(one.body).toMatchObject({ id: runningId, status: 'running', output: expect.stringMatching(/^The /) });
    const done = await t.http.get('/api/v1/runs').query({ status: 'success' }).set(t.auth).expect(200);
    expect(done.body.inFlight).toEqual([]);

    // A shutdown (SIGTERM does the same) waits the grace, aborts the stream, logs it and flushes.
    const stopping = t.stop();
    // The client sees the stream end with an error event, not a cut connection.
    let rest = '';
    for (;;) {
      const { done: ended, value } = await reader.read();
      if (ended) break;
      rest += decoder.decode(value, { stream: true });
    }
    expect(rest).toContain('event: error');
    expect(rest).toContain('"code":"SERVICE_UNAVAILABLE"');
    await stopping;

    const logged = await loggedRuns(t);
    expect(logged.map((r) => r.id)).toEqual([...answeredIds, runningId].sort((a, b) => a - b));
    for (const row of logged.filter((r) => r.id !== runningId)) {
      expect(row).toMatchObject({ status: 'success', output: FAKE_ANSWER });
    }
    const aborted = logged.find((r) => r.id === runningId)!;
    expect(aborted).toMatchObject({ status: 'aborted', error_code: 'SERVICE_UNAVAILABLE' });
    expect(FAKE_ANSWER.startsWith(aborted.output!)).toBe(true);
  });
});

describe('run log durability: no answer goes out unlogged', () => {
  let t: TestApp;
  let fake: FakeLlmServer;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
  });
  afterAll(async () => {
    if (!t.dataSource.isInitialized) await t.dataSource.initialize();
    await t.close();
    await fake.close();
  });

  it('answers 503 naming the run log when the database is gone after the model answered', async () => {
    const provider = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const input = promptInput({ modelConfig: { provider: provider.name, model: 'fake-normal' }, status: 'published' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const { key } = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'svc', scopes: ['run'], rateLimitPerMinute: 1000 })
        .expect(201)
    ).body;
    const run = () =>
      t.http
        .post(`/api/v1/run/${input.name}`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'tides' } });
    // Everything the call reads (key, deployment, provider, an id block) is cached by now.
    await run().expect(200);
    const calls = fake.requests.length;

    await t.dataSource.destroy();
    const refused = await run().expect(503);
    expect(refused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(refused.body.detail).toContain('run log');
    // The model was called; its answer was withheld rather than sent unlogged.
    expect(fake.requests.length).toBe(calls + 1);
    expect(JSON.stringify(refused.body)).not.toContain(FAKE_ANSWER);
  });
});
