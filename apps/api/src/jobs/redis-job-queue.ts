import { Logger } from '@nestjs/common';
import { Job, Queue, WaitingError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import {
  ABORT_SETTLE_MS,
  JobCounts,
  JobQueueBackend,
  KEPT_FAILED_JOBS,
  QueueDefinition,
  settledWithin,
} from './job-queue';

/** States in which a job is still to run: queued, or waiting for its retry. */
const WAITING_STATES = ['waiting', 'delayed', 'prioritized'] as const;
const FINISHED_STATES = new Set(['completed', 'failed']);

/**
 * Jobs in Redis through BullMQ, shared by every API replica and worker process: one BullMQ
 * Queue (to add, remove, count) and, where this process works the queues, one Worker per
 * queue. A process that dies mid-job stops renewing its lock; after JOBS_LOCK_MS another
 * process's stalled-job check puts the job back in the queue and someone takes it.
 */
export class RedisJobQueue implements JobQueueBackend {
  private readonly logger = new Logger('Jobs');
  /** Commands fail rather than wait forever when Redis is gone (enqueue answers an error). */
  private client?: Redis;
  /** Workers block on Redis and must retry for as long as it takes (BullMQ requires it). */
  private workerClient?: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers = new Map<string, Worker>();
  private stopping = false;

  constructor(
    private readonly config: AppConfig['jobs'],
    private readonly redisUrl: string,
  ) {}

  work(definition: QueueDefinition): void {
    if (this.stopping || this.workers.has(definition.name)) return;
    this.workerClient ??= this.connect(null);
    const { handler, name } = definition;
    // Three parameters: BullMQ hands a signal only to processors that declare it.
    const processor = async (job: Job, token?: string, signal?: AbortSignal): Promise<void> => {
      const context = { jobId: job.id!, attempt: job.attemptsMade + 1, signal: signal ?? new AbortController().signal };
      try {
        await handler(job.data, context);
      } catch (error) {
        if (!this.stopping || !token) throw error;
        // Interrupted by this process's shutdown: back to the queue for another process, without
        // spending an attempt.
        this.logger.warn(`Job ${name}/${job.id} goes back to the queue: ${(error as Error).message}`);
        await job.moveToWait(token);
        throw new WaitingError();
      }
    };
    const worker = new Worker(name, processor, {
      connection: this.workerClient,
      prefix: this.config.prefix,
      concurrency: definition.concurrency,
      lockDuration: this.config.lockMs,
      stalledInterval: this.config.lockMs,
      maxStalledCount: 1,
    });
    worker.on('error', (error: Error) => this.logger.warn(`Queue ${name}: ${error.message}`));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const { attemptsMade } = job;
      if (attemptsMade >= (job.opts.attempts ?? 1)) {
        this.logger.error(`Job ${name}/${job.id} failed after ${attemptsMade} attempt(s): ${error.message}`);
      } else {
        this.logger.warn(`Job ${name}/${job.id} failed (attempt ${attemptsMade}), will retry: ${error.message}`);
      }
    });
    this.workers.set(name, worker);
  }

  /**
   * A BullMQ job scheduler: Redis holds one per queue whichever process upserts it, and adds
   * one job per period, so the work runs once across replicas and workers.
   */
  async schedule(definition: QueueDefinition): Promise<void> {
    if (!definition.everyMs || this.stopping) return;
    await this.queue(definition).upsertJobScheduler(
      definition.name,
      { every: definition.everyMs },
      { name: definition.name, data: {} },
    );
  }

  async enqueue(definition: QueueDefinition, jobs: Array<{ id: string; data: unknown }>): Promise<void> {
    if (jobs.length === 0) return;
    const queue = this.queue(definition);
    // BullMQ ignores an id it still holds in any state; a failed (kept) one is run again, as in memory.
    const states = await Promise.all(jobs.map((job) => queue.getJobState(job.id)));
    await Promise.all(jobs.filter((_, i) => FINISHED_STATES.has(states[i])).map((job) => queue.remove(job.id)));
    await queue.addBulk(jobs.map(({ id, data }) => ({ name: definition.name, data, opts: { jobId: id } })));
  }

  async remove(definition: QueueDefinition, ids: string[]): Promise<void> {
    const queue = this.queue(definition);
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
    const waiting = ids.filter((_, i) => (WAITING_STATES as readonly string[]).includes(states[i]));
    // remove() refuses a job that became active meanwhile (it holds a lock): it finishes.
    await Promise.all(waiting.map((id) => queue.remove(id)));
  }

  async counts(definition: QueueDefinition): Promise<JobCounts> {
    const counts = await this.queue(definition).getJobCounts(...WAITING_STATES, 'active', 'failed');
    return {
      waiting: WAITING_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0),
      active: counts.active ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const workers = [...this.workers.values()];
    // With Redis gone nothing can be closed cleanly: BullMQ's close() would wait for it forever.
    const reachable = [this.client, this.workerClient].every((client) => !client || client.status === 'ready');
    // close() takes no new job at once and resolves when the active ones have ended.
    const closed = Promise.all(workers.map((worker) => worker.close()));
    if (!(await settledWithin(closed, reachable ? graceMs : 0))) {
      if (reachable) this.logger.warn(`Aborting the jobs still running after ${graceMs} ms; they go back to the queue`);
      for (const worker of workers) worker.cancelAllJobs('The server is shutting down');
      if (!(await settledWithin(closed, ABORT_SETTLE_MS))) {
        // Handlers that ignore their signal: their jobs are recovered as stalled by another process.
        await settledWithin(Promise.all(workers.map((worker) => worker.close(true))), ABORT_SETTLE_MS);
      }
    }
    await settledWithin(Promise.all([...this.queues.values()].map((queue) => queue.close())), ABORT_SETTLE_MS);
    if (!reachable) {
      // A worker's close() stops its lock-renewal timer only after talking to Redis, so with Redis
      // gone the timer would keep the process alive forever: stop it directly (BullMQ 6 internals).
      for (const worker of workers) {
        const locks = (worker as unknown as { lockManager?: { close(): Promise<void> } }).lockManager;
        await settledWithin(locks?.close() ?? Promise.resolve(), ABORT_SETTLE_MS);
      }
    }
    await Promise.all([this.client, this.workerClient].map((client) => client && close(client)));
  }

  private queue(definition: QueueDefinition): Queue {
    let queue = this.queues.get(definition.name);
    if (!queue) {
      this.client ??= this.connect(2);
      queue = new Queue(definition.name, {
        connection: this.client,
        prefix: this.config.prefix,
        defaultJobOptions: {
          attempts: definition.attempts,
          backoff: { type: 'exponential', delay: this.config.backoffMs },
          // Finished jobs are the domain's to record; Redis keeps only recent failures to inspect.
          removeOnComplete: true,
          removeOnFail: { count: KEPT_FAILED_JOBS },
        },
      });
      queue.on('error', (error: Error) => this.logger.warn(`Queue ${definition.name}: ${error.message}`));
      this.queues.set(definition.name, queue);
    }
    return queue;
  }

  /** Opened on first use: an API without queues to work or fill holds no connection for them. */
  private connect(maxRetriesPerRequest: number | null): Redis {
    const client = new Redis(this.redisUrl, { maxRetriesPerRequest });
    client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    return client;
  }
}

/** QUIT when connected; otherwise (Redis down, reconnecting) stop trying at once. */
async function close(client: Redis): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().catch(() => undefined);
}
