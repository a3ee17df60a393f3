import { Logger } from '@nestjs/common';
import {
  ABORT_SETTLE_MS,
  JobCounts,
  JobQueueBackend,
  KEPT_FAILED_JOBS,
  periodJobId,
  QueueDefinition,
  retryDelay,
  settledWithin,
} from './job-queue';

interface WaitingJob {
  data: unknown;
  attempt: number;
  /** When a retry may start (0: at once). */
  notBefore: number;
}

interface LocalQueue {
  definition: QueueDefinition;
  working: boolean;
  /** In insertion order, which is the order jobs run in. */
  waiting: Map<string, WaitingJob>;
  active: Map<string, { controller: AbortController; done: Promise<void> }>;
  failed: Map<string, string>;
  retryTimer?: NodeJS.Timeout;
}

/**
 * Jobs in this process's memory, for a single process without Redis: the same rules as the
 * Redis queues (one job per id at a time, concurrency, retries with exponential backoff, a
 * shutdown grace), but the queue does not outlive the process. Whoever enqueues long work
 * keeps its state in the database and enqueues what is unfinished again on start-up.
 */
export class InProcessJobQueue implements JobQueueBackend {
  private readonly logger = new Logger('Jobs');
  private readonly queues = new Map<string, LocalQueue>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopping = false;

  constructor(private readonly backoffMs: number) {}

  work(definition: QueueDefinition): void {
    const queue = this.queue(definition);
    queue.working = true;
    this.pump(queue);
  }

  async schedule(definition: QueueDefinition): Promise<void> {
    const everyMs = definition.everyMs;
    if (!everyMs || this.timers.has(definition.name) || this.stopping) return;
    const timer = setInterval(() => {
      void this.enqueue(definition, [{ id: periodJobId(definition.name, everyMs), data: {} }]);
    }, everyMs);
    timer.unref();
    this.timers.set(definition.name, timer);
  }

  async enqueue(definition: QueueDefinition, jobs: Array<{ id: string; data: unknown }>): Promise<void> {
    const queue = this.queue(definition);
    for (const { id, data } of jobs) {
      if (queue.waiting.has(id) || queue.active.has(id)) continue;
      queue.failed.delete(id);
      queue.waiting.set(id, { data, attempt: 1, notBefore: 0 });
    }
    this.pump(queue);
  }

  async remove(definition: QueueDefinition, ids: string[]): Promise<void> {
    const queue = this.queue(definition);
    for (const id of ids) queue.waiting.delete(id);
  }

  async counts(definition: QueueDefinition): Promise<JobCounts> {
    const queue = this.queue(definition);
    return { waiting: queue.waiting.size, active: queue.active.size, failed: queue.failed.size };
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    const active = [...this.queues.values()].flatMap((queue) => {
      clearTimeout(queue.retryTimer);
      return [...queue.active.values()];
    });
    const dropped = [...this.queues.values()].reduce((sum, queue) => sum + queue.waiting.size, 0);
    if (dropped > 0) this.logger.warn(`${dropped} queued job(s) will not run: without Redis, queues live in memory`);
    if (active.length === 0) return;
    const all = Promise.all(active.map((job) => job.done));
    this.logger.log(`Waiting up to ${graceMs} ms for ${active.length} job(s) to end`);
    if (await settledWithin(all, graceMs)) return;
    this.logger.warn(`Aborting the jobs still running after ${graceMs} ms`);
    for (const job of active) job.controller.abort(new Error('The server is shutting down'));
    await settledWithin(all, ABORT_SETTLE_MS);
  }

  private queue(definition: QueueDefinition): LocalQueue {
    let queue = this.queues.get(definition.name);
    if (!queue) {
      queue = { definition, working: false, waiting: new Map(), active: new Map(), failed: new Map() };
      this.queues.set(definition.name, queue);
    }
    return queue;
  }

  /** Starts waiting jobs while the queue has room, and wakes up again for the next retry due. */
  private pump(queue: LocalQueue): void {
    if (!queue.working || this.stopping) return;
    clearTimeout(queue.retryTimer);
    queue.retryTimer = undefined;
    const now = Date.now();
    let nextRetry = Infinity;
    for (const [id, job] of queue.waiting) {
      if (queue.active.size >= queue.definition.concurrency) return;
      if (job.notBefore > now) {
        nextRetry = Math.min(nextRetry, job.notBefore);
        continue;
      }
      queue.waiting.delete(id);
      this.run(queue, id, job);
    }
    if (nextRetry !== Infinity) {
      queue.retryTimer = setTimeout(() => this.pump(queue), nextRetry - now);
      queue.retryTimer.unref();
    }
  }

  private run(queue: LocalQueue, id: string, job: WaitingJob): void {
    const controller = new AbortController();
    const context = { jobId: id, attempt: job.attempt, signal: controller.signal };
    const done = Promise.resolve()
      .then(() => queue.definition.handler(job.data, context))
      .then(
        () => undefined,
        (error: unknown) => this.failed(queue, id, job, error),
      )
      .finally(() => {
        queue.active.delete(id);
        this.pump(queue);
      });
    queue.active.set(id, { controller, done });
  }

  private failed(queue: LocalQueue, id: string, job: WaitingJob, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const { name, attempts } = queue.definition;
    if (this.stopping) {
      this.logger.warn(`Job ${name}/${id} was interrupted by the shutdown: ${message}`);
      return;
    }
    if (job.attempt < attempts) {
      const delay = retryDelay(this.backoffMs, job.attempt);
      this.logger.warn(
        `Job ${name}/${id} failed (attempt ${job.attempt} of ${attempts}), retrying in ${delay} ms: ${message}`,
      );
      queue.waiting.set(id, { data: job.data, attempt: job.attempt + 1, notBefore: Date.now() + delay });
      return;
    }
    this.logger.error(`Job ${name}/${id} failed after ${attempts} attempt(s): ${message}`);
    queue.failed.set(id, message);
    // The oldest failures go first (a Map iterates in insertion order).
    if (queue.failed.size > KEPT_FAILED_JOBS) queue.failed.delete(queue.failed.keys().next().value!);
  }
}
