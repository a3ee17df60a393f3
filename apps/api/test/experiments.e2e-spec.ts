import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';
import { sseEvents } from './sse';

/** What a test reads of `GET /api/v1/experiments/{id}`. */
interface ExperimentBody {
  status: string;
  progress: { total: number; done: number; failed: number };
}

/** Twelve sums: the fake `fake-calc` model answers them, as a sentence or as the number only. */
const SUMS = Array.from({ length: 12 }, (_, i) => ({
  input: { a: 3 * i + 1, b: 7 * i + 2 },
  expected: String(10 * i + 3),
}));

/**
 * The evaluation lab end to end, over real HTTP to the fake model server: is version 2 better
 * than version 1, on our cases, by how much, and is the difference real?
 */
describe('experiments: versions compared on a dataset, with repetitions, scorers and paired statistics', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let provider: string;
  /** A provider that offers any model the fake server knows (no price list). */
  let open: string;
  let sequence = 0;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    const input = providerInput(fake.url, {
      models: [
        { id: 'fake-calc', inputPricePerMTok: 1000, outputPricePerMTok: 2000 },
        { id: 'fake-calc-noisy-30', inputPricePerMTok: 1000, outputPricePerMTok: 2000 },
      ],
    });
    await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(201);
    provider = input.name;
    const any = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(any).expect(201);
    open = any.name;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** A prompt whose v1 asks for a sum and whose v2 asks for the number only. */
  async function calcPrompt(model = 'fake-calc', on = provider): Promise<string> {
    const input = promptInput({
      template: 'What is {{ a }} + {{ b }}?',
      variablesMeta: [
        { name: 'a', type: 'int', required: true },
        { name: 'b', type: 'int', required: true },
      ],
      modelConfig: { provider: on, model },
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(t.auth)
      .send({
        template: 'What is {{ a }} + {{ b }}? Answer with the number only.',
        variablesMeta: input.variablesMeta,
        modelConfig: { provider: on, model },
        comment: 'number only',
      })
      .expect(201);
    return input.name;
  }

  async function dataset(items: unknown[] = SUMS): Promise<string> {
    const name = `sums-${++sequence}-${Date.now().toString(36)}`;
    await t.http.post('/api/v1/datasets').set(t.auth).send({ name, items }).expect(201);
    return name;
  }

  function experiment(prompt: string, data: string, extra: Record<string, unknown> = {}) {
    return {
      name: 'number only vs sentence',
      dataset: data,
      variants: [
        { prompt, version: 1 },
        { prompt, version: 2 },
      ],
      repetitions: 3,
      scorers: [
        { name: 'exact', kind: 'exact_match', config: { trim: true } },
        { name: 'has-answer', kind: 'contains' },
      ],
      ...extra,
    };
  }

  async function waitFor(id: number, statuses: string[]): Promise<ExperimentBody> {
    for (let i = 0; i < 300; i++) {
      const res = await t.http.get(`/api/v1/experiments/${id}`).set(t.auth).expect(200);
      if (statuses.includes(res.body.status)) return res.body as ExperimentBody;
      await sleep(100);
    }
    throw new Error(`experiment ${id} never reached ${statuses.join('/')}`);
  }

  async function resultRows(id: number): Promise<{ item_id: number; variant_index: number; repetition: number }[]> {
    return t.dataSource.query(
      'SELECT item_id, variant_index, repetition FROM experiment_results WHERE experiment_id = ? ORDER BY item_id, variant_index, repetition',
      [id],
    );
  }

  it('runs every item on both versions three times and says v2 is better, with the numbers', async () => {
    const prompt = await calcPrompt('fake-calc-noisy-30');
    const data = await dataset();
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, data))
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'completed',
      datasetVersion: 1,
      repetitions: 3,
      progress: { total: 72, done: 72, failed: 0, scorerErrors: 0 },
    });
    expect(created.body.variants.map((v: { label: string }) => v.label)).toEqual(['v1', 'v2']);
    expect(created.body.progress.costUsd).toBeGreaterThan(0);

    // One row per (item, variant, repetition), never two.
    const rows = await resultRows(created.body.id);
    expect(rows).toHaveLength(72);
    expect(new Set(rows.map((r) => `${r.item_id}:${r.variant_index}:${r.repetition}`)).size).toBe(72);

    const summary = await t.http.get(`/api/v1/experiments/${created.body.id}/summary`).set(t.auth).expect(200);
    const [v1, v2] = summary.body.variants;
    const exact = (v: { scorers: { scorer: string; mean: number; passRate: number; passAtK: number[] }[] }) =>
      v.scorers.find((s) => s.scorer === 'exact')!;
    expect(exact(v1).mean).toBe(0);
    expect(exact(v2).mean).toBeGreaterThan(0.5);
    expect(exact(v2).passAtK).toHaveLength(3);
    expect(exact(v2).passAtK[2]).toBeGreaterThanOrEqual(exact(v2).passAtK[0]);
    expect(v1.costUsd).toBeGreaterThan(0);
    expect(v1.latencyP50Ms).not.toBeNull();

    const comparison = summary.body.comparisons.find((c: { scorer: string }) => c.scorer === 'exact');
    expect(comparison).toMatchObject({ baseline: 0, candidate: 1, pairs: 12, verdict: 'better' });
    expect(comparison.pValue).toBeLessThan(0.05);
    expect(comparison.meanDifference).toBeGreaterThan(0.5);
    expect(comparison.verdictText).toMatch(/^v2 better than v1 on 'exact', p [=<] /);

    // Each result links to its run in the run log, logged as an evaluation run.
    const grid = await t.http.get(`/api/v1/experiments/${created.body.id}/grid?pageSize=50`).set(t.auth).expect(200);
    expect(grid.body.total).toBe(12);
    const cell = grid.body.items[0].cells[1][0];
    expect(cell.output).toMatch(/^\d+$/);
    const run = await t.http.get(`/api/v1/runs/${cell.runId}`).set(t.auth).expect(200);
    expect(run.body).toMatchObject({ source: 'experiment', prompt, version: 2, output: cell.output });
  });

  it('runs a dataset imported from CSV, whose cells are text, on variables declared int', async () => {
    const prompt = await calcPrompt();
    const name = `csv-sums-${Date.now().toString(36)}`;
    const csv = ['a,b,expected', ...SUMS.map(({ input, expected }) => `${input.a},${input.b},${expected}`)].join('\n');
    await t.http
      .post(`/api/v1/datasets/${name}/import?format=csv&create=true`)
      .set(t.auth)
      .set('content-type', 'text/csv')
      .send(csv)
      .expect(201);
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, name, { repetitions: 1 }))
      .expect(201);
    expect(created.body.progress).toMatchObject({ total: 24, done: 24, failed: 0 });
    const summary = await t.http.get(`/api/v1/experiments/${created.body.id}/summary`).set(t.auth).expect(200);
    expect(summary.body.variants[1].scorers[0].mean).toBe(1);
  });

  it('estimates tokens and cost before anything runs, from the tokenizer and the price table', async () => {
    const prompt = await calcPrompt();
    const data = await dataset();
    const estimate = await t.http
      .post('/api/v1/experiments/estimate')
      .set(t.auth)
      .send(experiment(prompt, data))
      .expect(200);
    expect(estimate.body).toMatchObject({ items: 12, totalResults: 72, missingVariables: [] });
    expect(estimate.body.variants[0].promptTokens).toBeGreaterThan(12 * 3 * 5);
    expect(estimate.body.costUsd).toBeGreaterThan(0);
    // v2's prompt is longer, so it costs more to send.
    expect(estimate.body.variants[1].promptTokens).toBeGreaterThan(estimate.body.variants[0].promptTokens);
    const before = fake.requests.length;
    expect(fake.requests.length).toBe(before);
  });

  it('refuses to start when items lack a variable a version requires, naming it and how many lack it', async () => {
    const prompt = await calcPrompt();
    const data = await dataset([{ input: { a: 1, b: 2 } }, { input: { a: 5 } }, { input: { a: 6 } }]);
    const res = await t.http.post('/api/v1/experiments').set(t.auth).send(experiment(prompt, data)).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('EXPERIMENT_VARIABLES_MISSING');
    expect(res.body.detail).toContain('"b" (2 items lack it)');
    expect(res.body.missingVariables).toEqual([
      { variant: 0, variable: 'b', itemsMissing: 2 },
      { variant: 1, variable: 'b', itemsMissing: 2 },
    ]);
    const list = await t.http.get('/api/v1/experiments').set(t.auth).query({ dataset: data }).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('stops at its budget with status budget_exceeded, and a resume with a larger budget finishes the rest exactly', async () => {
    const prompt = await calcPrompt();
    const data = await dataset();
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, data, { budgetUsd: 0.05 }))
      .expect(201);
    expect(created.body.status).toBe('budget_exceeded');
    expect(created.body.error).toMatch(/budget/);
    expect(created.body.progress.done).toBeLessThan(72);
    expect(created.body.progress.costUsd).toBeGreaterThanOrEqual(0.05);

    await t.http.post(`/api/v1/experiments/${created.body.id}/resume`).set(t.auth).send({ budgetUsd: 100 }).expect(200);
    const done = await waitFor(created.body.id, ['completed']);
    expect(done.progress).toMatchObject({ total: 72, done: 72 });
    expect(await resultRows(created.body.id)).toHaveLength(72);
  });

  it('streams progress over SSE until it ends', async () => {
    const prompt = await calcPrompt();
    const data = await dataset();
    const created = await t.http.post('/api/v1/experiments').set(t.auth).send(experiment(prompt, data)).expect(201);
    const res = await t.http.get(`/api/v1/experiments/${created.body.id}/events`).set(t.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/event-stream/);
    const events = sseEvents(res.text);
    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'completed' } });
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect((progress.at(-1)!.data as { progress: { done: number } }).progress.done).toBe(72);
  });

  it('writes a JUnit report and a Markdown summary, and a gate a CI pipeline can check', async () => {
    const prompt = await calcPrompt();
    const data = await dataset();
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, data, { gate: { scorer: 'exact', minMean: 0.9, notWorseThan: 0 } }))
      .expect(201);
    const summary = await t.http.get(`/api/v1/experiments/${created.body.id}/summary`).set(t.auth).expect(200);
    expect(summary.body.gate).toMatchObject({ passed: true, scorer: 'exact', candidate: 1 });
    const junit = await t.http
      .get(`/api/v1/experiments/${created.body.id}/report?format=junit`)
      .set(t.auth)
      .expect(200);
    expect(junit.headers['content-type']).toMatch(/application\/xml/);
    expect(junit.text).toContain('<testsuites');
    expect(junit.text).toContain('failures="0"');
    const markdown = await t.http.get(`/api/v1/experiments/${created.body.id}/report`).set(t.auth).expect(200);
    expect(markdown.text).toContain('### Gate: ✅ passed');
    expect(markdown.text).toContain("v2 better than v1 on 'exact'");

    // The same gate fails for a candidate that is worse: v1 measured against v2.
    const reversed = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send({
        ...experiment(prompt, data, { gate: { scorer: 'exact', minMean: 0.9, notWorseThan: 0 } }),
        variants: [
          { prompt, version: 2 },
          { prompt, version: 1 },
        ],
      })
      .expect(201);
    const failed = await t.http.get(`/api/v1/experiments/${reversed.body.id}/summary`).set(t.auth).expect(200);
    expect(failed.body.gate.passed).toBe(false);
    expect(failed.body.gate.checks.map((c: { passed: boolean }) => c.passed)).toEqual([false, false]);
    const failedJunit = await t.http
      .get(`/api/v1/experiments/${reversed.body.id}/report?format=junit`)
      .set(t.auth)
      .expect(200);
    expect(failedJunit.text).toMatch(/<failure /);
  });

  it('lets an API key with scope eval start and read experiments, and refuses keys without it', async () => {
    const prompt = await calcPrompt();
    const data = await dataset();
    const evalKey = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'ci', scopes: ['eval'], rateLimitPerMinute: 1000 })
      .expect(201);
    const runKey = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'svc', scopes: ['run'], rateLimitPerMinute: 1000 })
      .expect(201);
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set('X-API-Key', evalKey.body.key)
      .send(experiment(prompt, data, { repetitions: 1 }))
      .expect(201);
    expect(created.body.status).toBe('completed');
    await t.http.get(`/api/v1/experiments/${created.body.id}/summary`).set('X-API-Key', evalKey.body.key).expect(200);
    const refused = await t.http
      .post('/api/v1/experiments')
      .set('X-API-Key', runKey.body.key)
      .send(experiment(prompt, data))
      .expect(403);
    expect(refused.body.code).toBe('API_KEY_SCOPE_MISSING');
  });

  it('cancels: no new calls start, what is done stays, and a resume computes only the missing results', async () => {
    const prompt = await calcPrompt('fake-delay-100', open);
    const data = await dataset();
    const created = await t.http.post('/api/v1/experiments').set(t.auth).send(experiment(prompt, data)).expect(201);
    const id = created.body.id as number;
    for (let i = 0; i < 100 && (await resultRows(id)).length < 5; i++) await sleep(50);
    const cancelled = await t.http.post(`/api/v1/experiments/${id}/cancel`).set(t.auth).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await sleep(400);
    const kept = (await resultRows(id)).length;
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(72);
    await sleep(400);
    expect((await resultRows(id)).length).toBe(kept);
    const again = await t.http.post(`/api/v1/experiments/${id}/cancel`).set(t.auth).expect(409);
    expect(again.body.code).toBe('EXPERIMENT_STATE_CONFLICT');

    const calls = fake.requestsFor('fake-delay-100').length;
    await t.http.post(`/api/v1/experiments/${id}/resume`).set(t.auth).send({}).expect(200);
    const done = await waitFor(id, ['completed']);
    expect(done.progress.done).toBe(72);
    const rows = await resultRows(id);
    expect(rows).toHaveLength(72);
    expect(new Set(rows.map((r) => `${r.item_id}:${r.variant_index}:${r.repetition}`)).size).toBe(72);
    // Only what was missing was asked of the model again.
    expect(fake.requestsFor('fake-delay-100').length - calls).toBe(72 - kept);
  });

  it('retries a provider that answers 429 and records no failure', async () => {
    const model = `fake-429-once-${Date.now()}`;
    const prompt = await calcPrompt(model, open);
    const data = await dataset(SUMS.slice(0, 3));
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, data, { repetitions: 1 }))
      .expect(201);
    expect(created.body.progress).toMatchObject({ total: 6, done: 6, failed: 0 });
    expect(fake.requestsFor(model)).toHaveLength(7);
  });

  it('counts a scorer that cannot score apart from a model that failed', async () => {
    const prompt = await calcPrompt();
    // Items without an expected answer: exact match has nothing to compare with.
    const data = await dataset(SUMS.slice(0, 4).map(({ input }) => ({ input })));
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, data, { repetitions: 1, scorers: [{ name: 'exact', kind: 'exact_match' }] }))
      .expect(201);
    expect(created.body.progress).toMatchObject({ total: 8, done: 8, failed: 0, scorerErrors: 8 });
    const summary = await t.http.get(`/api/v1/experiments/${created.body.id}/summary`).set(t.auth).expect(200);
    expect(summary.body.variants[0]).toMatchObject({ failed: 0, results: 4 });
    expect(summary.body.variants[0].scorers[0]).toMatchObject({ scorerErrors: 4, scored: 0, mean: null });
    const grid = await t.http.get(`/api/v1/experiments/${created.body.id}/grid?filter=errors`).set(t.auth).expect(200);
    expect(grid.body.total).toBe(4);
    expect(grid.body.items[0].cells[0][0].scores.exact.error).toEqual(expect.any(String));
  });

  it('lets a viewer read experiments but not start, cancel or delete one', async () => {
    const prompt = await calcPrompt();
    const data = await dataset(SUMS.slice(0, 2));
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send(experiment(prompt, data, { repetitions: 1 }))
      .expect(201);
    const email = `viewer-${Date.now()}@example.com`;
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: 'Viewer', role: 'viewer', password: 'viewer-password-1' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'viewer-password-1' }).expect(200);
    const viewer = { Authorization: `Bearer ${login.body.accessToken}` };
    await t.http.get(`/api/v1/experiments/${created.body.id}/summary`).set(viewer).expect(200);
    await t.http.get(`/api/v1/experiments/${created.body.id}/grid`).set(viewer).expect(200);
    const refused = await t.http.post('/api/v1/experiments').set(viewer).send(experiment(prompt, data)).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await t.http.delete(`/api/v1/experiments/${created.body.id}`).set(viewer).expect(403);
    await t.http.delete(`/api/v1/experiments/${created.body.id}`).set(t.auth).expect(204);
    await t.http.get(`/api/v1/experiments/${created.body.id}`).set(t.auth).expect(404);
  });

  it('refuses unknown datasets, bad repetitions and unknown scorer kinds with problems naming them', async () => {
    const prompt = await calcPrompt();
    const data = await dataset();
    const missing = await t.http
      .post('/api/v1/experiments')
      .set(t.auth)
      .send(experiment(prompt, 'no-such-data'))
      .expect(404);
    expect(missing.body.code).toBe('DATASET_NOT_FOUND');
    const reps = await t.http
      .post('/api/v1/experiments')
      .set(t.auth)
      .send(experiment(prompt, data, { repetitions: 21 }))
      .expect(400);
    expect(reps.body.errors.map((e: { field: string }) => e.field)).toContain('repetitions');
    const version = await t.http
      .post('/api/v1/experiments')
      .set(t.auth)
      .send({ ...experiment(prompt, data), variants: [{ prompt, version: 9 }] })
      .expect(404);
    expect(version.body.code).toBe('VERSION_NOT_FOUND');
  });
});

/** Results of an experiment as the database holds them, read while no server runs. */
async function countOnDisk(t: TestApp, experimentId: number): Promise<number> {
  const sql = `SELECT COUNT(*) AS n FROM experiment_results WHERE experiment_id = ${Number(experimentId)}`;
  const { database } = t.config;
  if (database.type === 'sqlite') {
    const db = new Database(database.database, { readonly: true });
    try {
      return Number((db.prepare(sql).get() as { n: number }).n);
    } finally {
      db.close();
    }
  }
  const connection = await createConnection({ uri: database.url });
  try {
    const [rows] = await connection.query(sql);
    return Number((rows as { n: number }[])[0].n);
  } finally {
    await connection.end();
  }
}

describe('experiments survive a restart: a server that stops mid-way finishes the experiment when it comes back', () => {
  let fake: FakeLlmServer;
  let first: TestApp;
  let second: TestApp | undefined;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
  });
  afterAll(async () => {
    await second?.close();
    await first.close();
    await fake.close();
  });

  it('resumes on start-up and computes only the missing results', async () => {
    first = await startApp({ SHUTDOWN_GRACE_MS: '100', EVAL_CONCURRENCY: '2' });
    const provider = providerInput(fake.url);
    await first.http.post('/api/v1/providers').set(first.auth).send(provider).expect(201);
    const input = promptInput({
      template: 'Say {{ word }}',
      variablesMeta: [{ name: 'word', type: 'string', required: true }],
      modelConfig: { provider: provider.name, model: 'fake-delay-150' },
    });
    await first.http.post('/api/v1/prompts').set(first.auth).send(input).expect(201);
    const items = Array.from({ length: 30 }, (_, i) => ({ input: { word: `w${i}` } }));
    await first.http.post('/api/v1/datasets').set(first.auth).send({ name: 'words', items }).expect(201);
    const created = await first.http
      .post('/api/v1/experiments')
      .set(first.auth)
      .send({
        name: 'restart',
        dataset: 'words',
        variants: [{ prompt: input.name, version: 1 }],
        repetitions: 2,
        scorers: [{ name: 'c', kind: 'contains', config: { values: ['fox'] } }],
      })
      .expect(201);
    const id = created.body.id as number;
    const count = async (t: TestApp) =>
      Number(
        (await t.dataSource.query('SELECT COUNT(*) AS n FROM experiment_results WHERE experiment_id = ?', [id]))[0].n,
      );
    for (let i = 0; i < 100 && (await count(first)) < 6; i++) await sleep(50);
    await first.stop();
    const calls = fake.requestsFor('fake-delay-150').length;
    const kept = await countOnDisk(first, id);
    second = await startApp({ EVAL_CONCURRENCY: '4' }, { databaseOf: first });
    expect(kept).toBeGreaterThanOrEqual(6);
    expect(kept).toBeLessThan(60);
    let status = '';
    for (let i = 0; i < 200 && status !== 'completed'; i++) {
      status = (await second!.http.get(`/api/v1/experiments/${id}`).set(second!.auth).expect(200)).body.status;
      if (status !== 'completed') await sleep(100);
    }
    expect(status).toBe('completed');
    expect(await count(second!)).toBe(60);
    // At most the calls that were under way at the stop are made twice: 3 jobs (of 10 items) × 2 calls each.
    expect(fake.requestsFor('fake-delay-150').length - calls).toBeLessThanOrEqual(60 - kept + 6);
  });
});
