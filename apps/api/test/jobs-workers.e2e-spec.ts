import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { loadConfig } from '../src/config/app-config';
import { JobsService } from '../src/jobs/jobs.service';
import { onMysql } from './harness';

/**
 * Worker processes from the compiled build (npm run build first; CI builds before this suite):
 * `main.js worker` itself, and job-worker/job-worker.js, the compiled JobsModule with a test
 * queue. The Redis stories run when REDIS_URL is set, under a key prefix of their own.
 */
const ROOT = join(__dirname, '../../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
const MIGRATE = join(ROOT, 'apps/api/dist/database/migrate.js');
const FIXTURE = join(__dirname, 'job-worker/job-worker.js');
const REDIS_URL = process.env.REDIS_URL;
const built = existsSync(MAIN);
const LOCK_MS = 2000;

// CI runs the MariaDB + Redis suites with SCALE_TEST=required: these stories must not go missing there.
if (process.env.SCALE_TEST === 'required' && !(built && REDIS_URL)) {
  throw new Error('SCALE_TEST=required but REDIS_URL or apps/api/dist is missing');
}
const describeBuilt = built ? describe : describe.skip;
const describeShared = built && REDIS_URL ? describe : describe.skip;
const skipped = !built ? ' — skipped: run npm run build first' : !REDIS_URL ? ' — skipped: REDIS_URL is unset' : '';

Logger.overrideLogger(false);

interface Child {
  process: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: Child[] = [];

function start(args: string[], env: NodeJS.ProcessEnv): Child {
  // Only what the test gives: a REDIS_URL or DATABASE_URL of the test run must not leak in.
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = { process: child, output, exited };
  children.push(started);
  return started;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(25);
  }
}

const printed = (child: Child, text: string) => () => child.output.join('').includes(text) || undefined;

/** An empty database of its own: a SQLite file, or a MariaDB database beside DATABASE_URL's. */
async function freshDatabase(): Promise<{ url: string; count(table: string): Promise<number>; drop(): Promise<void> }> {
  if (!onMysql) {
    const folder = mkdtempSync(join(tmpdir(), 'promptops-worker-'));
    const file = join(folder, 'db.sqlite');
    return {
      url: `sqlite:${file}`,
      count: async (table) => {
        const db = new Database(file, { readonly: true });
        const row = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
        db.close();
        return row.n;
      },
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const server = new URL(process.env.DATABASE_URL!.replace(/^mariadb:/, 'mysql:'));
  server.pathname = '/';
  const name = `promptops_worker_${randomBytes(4).toString('hex')}`;
  const admin = await createConnection({ uri: server.toString() });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    count: async (table) => {
      const [rows] = await admin.query(`SELECT COUNT(*) AS n FROM \`${name}\`.\`${table}\``);
      return Number((rows as Array<{ n: number }>)[0].n);
    },
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await child.exited;
  }
});

describeBuilt('the worker start mode (main.js worker)', () => {
  it('refuses to start without REDIS_URL, saying why', async () => {
    const worker = start([MAIN, 'worker'], { DATABASE_URL: 'sqlite::memory:' });
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.output.join('')).toContain('A worker needs REDIS_URL');
  });

  (REDIS_URL ? it : it.skip)(
    `boots without HTTP, waits for the API's migrations, seeds nothing and stops on SIGTERM${skipped}`,
    async () => {
      const database = await freshDatabase();
      const env = {
        DATABASE_URL: database.url,
        APP_SECRET: randomBytes(32).toString('hex'),
        REDIS_URL,
        JOBS_PREFIX: `promptops-test-worker-${randomBytes(4).toString('hex')}`,
        ADMIN_PASSWORD: 'worker-password-1',
        DEMO_DATA: 'true',
        PORT: '1',
      };
      try {
        const worker = start([MAIN, 'worker'], env);
        await waitFor('the worker waits for migrations', printed(worker, 'migrations to apply'));
        const migrate = start([MIGRATE], env);
        expect((await migrate.exited).code).toBe(0);
        await waitFor('the worker is ready', printed(worker, 'worker is taking jobs from Redis'));
        expect(worker.output.join('')).not.toContain('listening');

        // The first admin and the demo prompts are the API's to create, not the worker's.
        expect(await database.count('users')).toBe(0);
        expect(await database.count('prompts')).toBe(0);

        worker.process.kill('SIGTERM');
        const exit = await worker.exited;
        // Nest re-raises the signal once the hooks have run.
        expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
      } finally {
        await database.drop();
      }
    },
  );
});

describeShared(`job workers on Redis${skipped}`, () => {
  const prefix = `promptops-test-workers-${randomBytes(4).toString('hex')}`;
  const env = {
    DATABASE_URL: 'sqlite::memory:',
    REDIS_URL,
    JOBS_PREFIX: prefix,
    JOBS_LOCK_MS: String(LOCK_MS),
    WORKER_CONCURRENCY: '2',
  };
  const redis = new Redis(REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  const logKey = `${prefix}:fixture-log`;
  /** This test process enqueues, as an API replica with JOBS_IN_API=false does. */
  let api: JobsService;

  const log = async () => (await redis.lrange(logKey, 0, -1)).map((line) => line.split(' '));
  const startWorker = async () => {
    const worker = start([FIXTURE], env);
    await waitFor('the worker is ready', printed(worker, 'fixture worker ready'));
    return worker;
  };

  beforeAll(() => {
    api = new JobsService(loadConfig({ ...env, JOBS_IN_API: 'false', LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv));
    api.register('fixture', async () => {
      throw new Error('JOBS_IN_API=false: this process must not run jobs');
    });
    api.start();
  });

  afterAll(async () => {
    await api.beforeApplicationShutdown();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('shares the jobs between two worker processes, each job run once', async () => {
    const workers = await Promise.all([startWorker(), startWorker()]);
    const ids = Array.from({ length: 12 }, (_, n) => `share-${n}`);
    await api.enqueue(
      'fixture',
      ids.map((id) => ({ id, data: { ms: 100 } })),
    );
    await waitFor('every job is done', async () => (await log()).filter(([event]) => event === 'done').length >= 12);
    await sleep(300);
    const done = (await log()).filter(([event, id]) => event === 'done' && id.startsWith('share-'));
    expect(done.map(([, id]) => id).sort()).toEqual([...ids].sort());
    const pids = new Set(done.map(([, , pid]) => Number(pid)));
    expect(pids).toEqual(new Set(workers.map((worker) => worker.process.pid)));
  });

  it('finishes on another worker, within the lock time, a job whose worker was killed mid-job', async () => {
    const first = await startWorker();
    await api.enqueue('fixture', [{ id: 'long', data: { ms: 1500 } }]);
    await waitFor('the first worker started the job', async () =>
      (await log()).some(
        ([event, id, pid]) => event === 'started' && id === 'long' && Number(pid) === first.process.pid,
      ),
    );
    first.process.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();

    const second = await startWorker();
    await waitFor(
      'the second worker finished the job',
      async () =>
        (await log()).some(
          ([event, id, pid]) => event === 'done' && id === 'long' && Number(pid) === second.process.pid,
        ),
      20_000,
    );
    // Taken over once its lock expired (at most JOBS_LOCK_MS) and the next stalled check ran.
    expect(Date.now() - killedAt).toBeLessThan(2 * LOCK_MS + 1500 + 3000);
    const runs = (await log()).filter(([, id]) => id === 'long');
    expect(runs.map(([event, , pid]) => `${event}:${Number(pid) === first.process.pid ? 'first' : 'second'}`)).toEqual([
      'started:first',
      'started:second',
      'done:second',
    ]);
    expect(await api.counts('fixture')).toEqual({ waiting: 0, active: 0, failed: 0 });
  });

  it('on SIGTERM lets a running job end within the grace and exits', async () => {
    const worker = start([FIXTURE], { ...env, SHUTDOWN_GRACE_MS: '5000' });
    await waitFor('the worker is ready', printed(worker, 'fixture worker ready'));
    await api.enqueue('fixture', [{ id: 'graceful', data: { ms: 800 } }]);
    await waitFor('the job started', async () =>
      (await log()).some(([event, id]) => event === 'started' && id === 'graceful'),
    );
    worker.process.kill('SIGTERM');
    await worker.exited;
    expect((await log()).some(([event, id]) => event === 'done' && id === 'graceful')).toBe(true);
  });
});
