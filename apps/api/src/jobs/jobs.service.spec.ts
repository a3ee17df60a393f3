import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { loadConfig } from '../config/app-config';
import { JobContext } from './job-queue';
import { JobsService } from './jobs.service';

/**
 * The same stories against both queues: in this process's memory (always), and BullMQ on the
 * Redis at REDIS_URL (under a prefix of their own, removed afterwards).
 */
const REDIS_URL = process.env.REDIS_URL;
const GRACE_MS = 400;

// Retries and shutdowns log warnings by design; the assertions say what matters.
Logger.overrideLogger(false);
const BACKOFF_MS = 150;

async function waitFor(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** A promise the test resolves when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const backends: Array<[string, Record<string, string> | null]> = [
  ['in this process', {}],
  [
    REDIS_URL ? 'on Redis, shared through BullMQ' : 'on Redis — skipped: set REDIS_URL=redis://127.0.0.1:6379 to run',
    REDIS_URL ? { REDIS_URL } : null,
  ],
];

describe.each(backends)('jobs %s', (_name, backendEnv) => {
  if (!backendEnv) {
    it.skip('needs REDIS_URL', () => undefined);
    return;
  }
  const prefix = `promptops-test-jobs-${randomBytes(4).toString('hex')}`;
  const services: JobsService[] = [];

  const jobsService = (env: Record<string, string> = {}) => {
    const config = loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      JOBS_PREFIX: prefix,
      JOBS_BACKOFF_MS: String(BACKOFF_MS),
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      WORKER_CONCURRENCY: '3',
      LOG_LEVEL: 'silent',
      ...backendEnv,
      ...env,
    });
    const service = new JobsService(config);
    services.push(service);
    return service;
  };
  /** A queue name of its own per test, so that tests never see each other's jobs. */
  let queue = '';
  beforeEach(() => {
    queue = `q-${randomBytes(4).toString('hex')}`;
  });

  afterEach(async () => {
    await Promise.all(services.splice(0).map((service) => service.beforeApplicationShutdown()));
  });

  afterAll(async () => {
    if (!backendEnv.REDIS_URL) return;
    const redis = new Redis(backendEnv.REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('runs every job once, never more at a time than the queue asks and WORKER_CONCURRENCY allows', async () => {
    const jobs = jobsService();
    const ran: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    jobs.register<{ n: number }>(
      queue,
      async (data, ctx) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await sleep(60);
        ran.push(`${ctx.jobId}=${data.n}`);
        running--;
      },
      { concurrency: 10 },
    );
    jobs.start();
    await jobs.enqueue(
      queue,
      Array.from({ length: 8 }, (_, n) => ({ id: `job-${n}`, data: { n } })),
    );
    await waitFor('all jobs ran', () => ran.length === 8);
    expect(ran.sort()).toEqual(Array.from({ length: 8 }, (_, n) => `job-${n}=${n}`));
    // The queue asked for 10; the process cap (WORKER_CONCURRENCY=3) wins.
    expect(mostAtOnce).toBe(3);
    await waitFor('the queue is empty', async () => (await jobs.counts(queue)).active === 0);
    expect(await jobs.counts(queue)).toEqual({ waiting: 0, active: 0, failed: 0 });
  });

  it('does not add a job whose id is already waiting or running, and runs it again once it has ended', async () => {
    const jobs = jobsService();
    const runs: string[] = [];
    const release = gate();
    jobs.register<{ version: number }>(queue, async (data, ctx) => {
      runs.push(`${ctx.jobId}@${data.version}`);
      await release.opened;
    });
    await jobs.enqueue(queue, [{ id: 'report', data: { version: 1 } }]);
    await jobs.enqueue(queue, [{ id: 'report', data: { version: 2 } }]);
    expect(await jobs.counts(queue)).toMatchObject({ waiting: 1, active: 0 });
    jobs.start();
    await waitFor('the job started', () => runs.length === 1);
    await jobs.enqueue(queue, [{ id: 'report', data: { version: 3 } }]);
    expect(await jobs.counts(queue)).toEqual({ waiting: 0, active: 1, failed: 0 });
    release.open();
    await waitFor('the job ended', async () => (await jobs.counts(queue)).active === 0);
    expect(runs).toEqual(['report@1']);

    await jobs.enqueue(queue, [{ id: 'report', data: { version: 4 } }]);
    await waitFor('the job ran again', () => runs.length === 2);
    expect(runs).toEqual(['report@1', 'report@4']);
  });

  it('retries a failing job with a growing delay, then marks it failed; a job failing once succeeds on its retry', async () => {
    const jobs = jobsService();
    const attempts: Array<{ id: string; attempt: number; at: number }> = [];
    jobs.register(
      queue,
      async (_data, ctx) => {
        attempts.push({ id: ctx.jobId, attempt: ctx.attempt, at: Date.now() });
        if (ctx.jobId === 'broken' || ctx.attempt === 1) throw new Error('provider unavailable');
      },
      { attempts: 3 },
    );
    jobs.start();
    await jobs.enqueue(queue, [
      { id: 'broken', data: {} },
      { id: 'flaky', data: {} },
    ]);
    await waitFor('the broken job failed for good', async () => (await jobs.counts(queue)).failed === 1);
    const broken = attempts.filter((a) => a.id === 'broken');
    expect(broken.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Exponential backoff: BACKOFF_MS, then twice that (timers may fire a little early).
    expect(broken[1].at - broken[0].at).toBeGreaterThanOrEqual(BACKOFF_MS - 20);
    expect(broken[2].at - broken[1].at).toBeGreaterThanOrEqual(2 * BACKOFF_MS - 20);
    expect(attempts.filter((a) => a.id === 'flaky').map((a) => a.attempt)).toEqual([1, 2]);
    expect(await jobs.counts(queue)).toEqual({ waiting: 0, active: 0, failed: 1 });

    // Enqueued again (say, the user retries), a failed job runs again from its first attempt.
    await jobs.enqueue(queue, [{ id: 'broken', data: {} }]);
    await waitFor('the retried job failed again', () => attempts.filter((a) => a.id === 'broken').length === 6);
    expect(attempts.filter((a) => a.id === 'broken').map((a) => a.attempt)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('removes waiting jobs on cancel and lets the running one finish', async () => {
    const jobs = jobsService();
    const ran: string[] = [];
    const release = gate();
    jobs.register(
      queue,
      async (_data, ctx) => {
        await release.opened;
        ran.push(ctx.jobId);
      },
      { concurrency: 1 },
    );
    jobs.start();
    await jobs.enqueue(queue, [
      { id: 'a', data: {} },
      { id: 'b', data: {} },
      { id: 'c', data: {} },
    ]);
    await waitFor('a is running', async () => (await jobs.counts(queue)).active === 1);
    await jobs.remove(queue, ['a', 'b', 'unknown']);
    expect(await jobs.counts(queue)).toEqual({ waiting: 1, active: 1, failed: 0 });
    release.open();
    await waitFor('the rest ran', () => ran.length === 2);
    await sleep(100);
    expect(ran).toEqual(['a', 'c']);
  });

  it('runs a timer queue once a period, each run with an id naming its period', async () => {
    const jobs = jobsService();
    const ran: string[] = [];
    jobs.register(
      queue,
      async (_data, ctx) => {
        ran.push(ctx.jobId);
      },
      { everyMs: 100 },
    );
    jobs.start();
    await waitFor('three periods ran', () => ran.length >= 3, 5_000);
    expect(new Set(ran).size).toBe(ran.length);
  });

  it('on shutdown takes no new job, lets running jobs end within the grace, then aborts the others', async () => {
    const jobs = jobsService();
    const seen: Array<{ id: string; ctx: JobContext }> = [];
    const ended: Record<string, { after: number; aborted: boolean }> = {};
    let stopAt = 0;
    jobs.register<{ ms: number }>(
      queue,
      async (data, ctx) => {
        seen.push({ id: ctx.jobId, ctx });
        await sleep(data.ms, undefined, { signal: ctx.signal }).catch(() => undefined);
        ended[ctx.jobId] = { after: Date.now() - stopAt, aborted: ctx.signal.aborted };
        if (ctx.signal.aborted) throw new Error('aborted');
      },
      { concurrency: 2 },
    );
    jobs.start();
    await jobs.enqueue(queue, [
      { id: 'quick', data: { ms: 150 } },
      { id: 'stubborn', data: { ms: 60_000 } },
      { id: 'queued', data: { ms: 10 } },
    ]);
    await waitFor('two jobs run', () => seen.length === 2);
    stopAt = Date.now();
    await jobs.beforeApplicationShutdown();
    const stoppedAfter = Date.now() - stopAt;

    expect(ended.quick).toMatchObject({ aborted: false });
    expect(ended.stubborn.aborted).toBe(true);
    expect(ended.stubborn.after).toBeGreaterThanOrEqual(GRACE_MS - 20);
    expect(stoppedAfter).toBeLessThan(GRACE_MS + 1500);
    expect(seen.map((s) => s.id)).not.toContain('queued');

    if (backendEnv.REDIS_URL) {
      // The interrupted job and the one never started wait for another process, attempts unspent.
      const next = jobsService();
      const resumed: Array<{ id: string; attempt: number }> = [];
      next.register(queue, async (_data, ctx) => {
        resumed.push({ id: ctx.jobId, attempt: ctx.attempt });
      });
      next.start();
      await waitFor('another process resumed them', () => resumed.length === 2);
      expect(resumed.sort((x, y) => x.id.localeCompare(y.id))).toEqual([
        { id: 'queued', attempt: 1 },
        { id: 'stubborn', attempt: 1 },
      ]);
    }
  });
});

const describeRedis = REDIS_URL ? describe : describe.skip;

describeRedis(`jobs shared by processes on Redis${REDIS_URL ? '' : ' — skipped: REDIS_URL is unset'}`, () => {
  const prefix = `promptops-test-jobs-${randomBytes(4).toString('hex')}`;
  const env = { DATABASE_URL: 'sqlite::memory:', REDIS_URL: REDIS_URL!, JOBS_PREFIX: prefix, LOG_LEVEL: 'silent' };

  afterAll(async () => {
    const redis = new Redis(REDIS_URL!);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('runs each job once when two processes work the same queue, and both take a share', async () => {
    const replicas = [new JobsService(loadConfig(env)), new JobsService(loadConfig(env, 'worker'))];
    const ranBy: Record<string, number[]> = {};
    replicas.forEach((jobs, index) => {
      jobs.register('shared', async (_data, ctx) => {
        await sleep(30);
        (ranBy[ctx.jobId] ??= []).push(index);
      });
      jobs.start();
    });
    const ids = Array.from({ length: 24 }, (_, n) => `item-${n}`);
    await replicas[0].enqueue(
      'shared',
      ids.map((id) => ({ id, data: {} })),
    );
    await waitFor('every job ran', () => Object.keys(ranBy).length === ids.length);
    await sleep(200);
    expect(Object.values(ranBy).every((runs) => runs.length === 1)).toBe(true);
    const byReplica = [0, 1].map((index) => Object.values(ranBy).filter((runs) => runs[0] === index).length);
    expect(byReplica[0]).toBeGreaterThan(0);
    expect(byReplica[1]).toBeGreaterThan(0);
    expect(await replicas[1].counts('shared')).toEqual({ waiting: 0, active: 0, failed: 0 });
    await Promise.all(replicas.map((jobs) => jobs.beforeApplicationShutdown()));
  });

  it('runs a timer queue once a period across two processes that both schedule it', async () => {
    const replicas = [new JobsService(loadConfig(env)), new JobsService(loadConfig(env, 'worker'))];
    const ran: string[] = [];
    const queueName = `timer-${randomBytes(3).toString('hex')}`;
    for (const jobs of replicas) {
      jobs.register(
        queueName,
        async (_data, ctx) => {
          ran.push(ctx.jobId);
        },
        { everyMs: 200 },
      );
      jobs.start();
    }
    await sleep(1_300);
    await Promise.all(replicas.map((jobs) => jobs.beforeApplicationShutdown()));
    // About one run per 200 ms period, not two: the scheduler lives in Redis, once.
    expect(ran.length).toBeGreaterThanOrEqual(3);
    expect(ran.length).toBeLessThanOrEqual(8);
    expect(new Set(ran).size).toBe(ran.length);
  });
});
