/** What a handler learns about the job it runs. */
export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, and so on. */
  attempt: number;
  /** Aborted when this process shuts down and the grace period is over: stop, and let the job be resumed. */
  signal: AbortSignal;
}

export type JobHandler<T> = (data: T, ctx: JobContext) => Promise<void>;

export interface RegisterOptions {
  /** Most jobs of this queue one process runs at once (capped by WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Runs of one job before it is marked failed (default 3). */
  attempts?: number;
  /**
   * Also run a job of this queue every `everyMs` (rollups, guardrail and alert checks): once per
   * period across all processes, with `{}` as its data. Its id names the period, so a retry
   * never makes it run twice for one period.
   */
  everyMs?: number;
}

export interface JobCounts {
  /** Queued, including jobs waiting for their next retry. */
  waiting: number;
  active: number;
  /** Out of attempts (the most recent ones are kept). */
  failed: number;
}

export interface QueueDefinition {
  name: string;
  handler: JobHandler<unknown>;
  concurrency: number;
  attempts: number;
  everyMs?: number;
}

/** Where jobs are queued and run: Redis (BullMQ) or this process's memory. Both keep the same rules. */
export interface JobQueueBackend {
  /** Takes the queue's jobs from now on (when this process works queues at all). */
  work(queue: QueueDefinition): void;
  /** Makes sure a job of the queue is added every `queue.everyMs`, once per period across processes. */
  schedule(queue: QueueDefinition): Promise<void>;
  enqueue(queue: QueueDefinition, jobs: Array<{ id: string; data: unknown }>): Promise<void>;
  remove(queue: QueueDefinition, ids: string[]): Promise<void>;
  counts(queue: QueueDefinition): Promise<JobCounts>;
  /** Takes no new job; active ones get graceMs to end, then their signal is aborted. */
  stop(graceMs: number): Promise<void>;
}

/** How many failed jobs each queue keeps for inspection. */
export const KEPT_FAILED_JOBS = 1000;

/** How long aborted handlers get to return before the process closes anyway. */
export const ABORT_SETTLE_MS = 2000;

/** Exponential backoff, as BullMQ computes it: base, 2 × base, 4 × base… */
export function retryDelay(baseMs: number, failedAttempts: number): number {
  return baseMs * 2 ** (failedAttempts - 1);
}

/** Resolves when `promise` settles or after `ms`, whichever comes first; true when it settled. */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The id of a timer job: the queue and the period it runs for, so each period runs once. */
export function periodJobId(queue: string, everyMs: number, now = Date.now()): string {
  return `${queue}-every-${everyMs}-${Math.floor(now / everyMs)}`;
}
