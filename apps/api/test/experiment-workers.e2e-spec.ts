import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import { FakeLlmServer } from './fake-llm/fake-llm-server';
import { onMysql } from './harness';
import { freePort, MAIN, MIGRATE, ROOT, stopProcess } from './processes';

/**
 * An experiment shared by two worker processes on one MariaDB and one Redis, the API taking no
 * job itself; one worker is killed mid-way. Runs from the compiled build when DATABASE_URL is
 * MySQL and REDIS_URL is set (CI sets both and SCALE_TEST=required).
 */
const ready = onMysql && !!process.env.REDIS_URL && existsSync(MAIN);
if (process.env.SCALE_TEST === 'required' && !ready) {
  throw new Error('SCALE_TEST=required but DATABASE_URL (mysql), REDIS_URL or apps/api/dist is missing');
}
const describeWorkers = ready ? describe : describe.skip;

const ITEMS = 30;
const VARIANTS = 2;
const TOTAL = ITEMS * VARIANTS;
const output: string[] = [];

function run(args: string[], env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(`[${name}] ${chunk.toString()}`));
  child.stderr?.on('data', (chunk: Buffer) => output.push(`[${name}] ${chunk.toString()}`));
  return child;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms\n${output.join('')}`);
    await sleep(50);
  }
}

describeWorkers('experiments on workers: a worker killed mid-way loses only its calls under way', () => {
  const database = `promptops_workers_${randomBytes(4).toString('hex')}`;
  const base = new URL((process.env.DATABASE_URL || 'mysql://unused').replace(/^mariadb:/, 'mysql:'));
  const url = new URL(base.toString());
  url.pathname = `/${database}`;
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.REDIS_URL,
    JOBS_PREFIX: `promptops-workers-${randomBytes(4).toString('hex')}`,
    // A killed worker's jobs are taken over after this long.
    JOBS_LOCK_MS: '2000',
    WORKER_CONCURRENCY: '2',
    EVAL_CONCURRENCY: '2',
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'ops@example.com',
    ADMIN_PASSWORD: 'workers-password-1',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  };
  const processes: ChildProcess[] = [];
  let fake: FakeLlmServer;
  let api = '';
  let token = '';

  const call = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${api}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    const body = (await response.json().catch(() => null)) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };

  const results = async () => {
    const connection = await createConnection({ uri: url.toString() });
    try {
      const [rows] = await connection.query(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT item_id, variant_index, repetition) AS cells FROM experiment_results',
      );
      const [row] = rows as { n: number; cells: number }[];
      return { rows: Number(row.n), cells: Number(row.cells) };
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    const admin = await createConnection({ uri: base.toString().replace(/\/[^/]*$/, '/') });
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.end();
    const migrate = run([MIGRATE], env, 'migrate');
    const code = await new Promise((resolve) => migrate.on('exit', resolve));
    if (code !== 0) throw new Error(`migration failed:\n${output.join('')}`);

    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    // The API queues jobs but runs none: only the workers do.
    processes.push(run([MAIN], { ...env, PORT: String(port), JOBS_IN_API: 'false' }, 'api'));
    await until('the API is healthy', () => fetch(`${api}/api/health`).then((r) => (r.ok ? true : undefined)), 30_000);
    const login = await call('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
    });
    token = login.accessToken as string;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(processes.map((child) => stopProcess(child, 0)));
    await fake?.close();
    const admin = await createConnection({ uri: base.toString().replace(/\/[^/]*$/, '/') });
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  });

  it('finishes with exactly items × variants × repetitions results after a worker is killed with SIGKILL', async () => {
    await call('/api/v1/providers', {
      method: 'POST',
      body: JSON.stringify({ name: 'fake', kind: 'openai-compatible', baseUrl: `${fake.url}/v1`, apiKey: 'sk-test' }),
    });
    const template = 'Say {{ word }}';
    const variablesMeta = [{ name: 'word', type: 'string', required: true }];
    const modelConfig = { provider: 'fake', model: 'fake-delay-200' };
    await call('/api/v1/prompts', {
      method: 'POST',
      body: JSON.stringify({ name: 'echo', displayName: 'Echo', template, variablesMeta, modelConfig }),
    });
    await call('/api/v1/prompts/echo/versions', {
      method: 'POST',
      body: JSON.stringify({ template: `${template}, please`, variablesMeta, modelConfig }),
    });
    const items = Array.from({ length: ITEMS }, (_, i) => ({ input: { word: `w${i}` }, expected: 'fox' }));
    await call('/api/v1/datasets', { method: 'POST', body: JSON.stringify({ name: 'words', items }) });

    const workers = [0, 1].map((i) => run([MAIN, 'worker'], env, `worker-${i}`));
    processes.push(...workers);
    const created = await call('/api/v1/experiments', {
      method: 'POST',
      body: JSON.stringify({
        name: 'shared by two workers',
        dataset: 'words',
        variants: [
          { prompt: 'echo', version: 1 },
          { prompt: 'echo', version: 2 },
        ],
        repetitions: 1,
        scorers: [{ name: 'fox', kind: 'contains' }],
      }),
    });
    const id = created.id as number;

    await until('some results', async () => ((await results()).rows >= 10 ? true : undefined), 60_000);
    workers[0].kill('SIGKILL');
    const atKill = (await results()).rows;
    expect(atKill).toBeLessThan(TOTAL);

    const done = await until(
      'the experiment completes',
      async () => {
        const experiment = await call(`/api/v1/experiments/${id}`);
        return experiment.status === 'completed' ? experiment : undefined;
      },
      90_000,
    );
    expect(done.progress).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0 });
    expect(await results()).toEqual({ rows: TOTAL, cells: TOTAL });
    // Only what the killed worker had under way was done twice: its 4 calls in flight (2 jobs × 2
    // lanes) and the answers it had not written yet (results are written within 200 ms).
    expect(fake.requestsFor('fake-delay-200').length).toBeLessThanOrEqual(TOTAL + 8);
  }, 120_000);
});
