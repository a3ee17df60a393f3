import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InProcessJobQueue } from './in-process-job-queue';
import { JobCounts, JobHandler, JobQueueBackend, QueueDefinition, RegisterOptions } from './job-queue';
import { RedisJobQueue } from './redis-job-queue';

const DEFAULT_ATTEMPTS = 3;

/**
 * Background work (experiments, queued flow runs, rollups…) as jobs in named queues. With
 * REDIS_URL the queues are BullMQ's in Redis, shared by every API replica and worker process;
 * without it they live in this process. Handlers are the same either way, and must be
 * idempotent: a job can run again after a retry or a crash.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly backend: JobQueueBackend;
  private readonly queues = new Map<string, QueueDefinition>();
  private working = false;
  private stopped?: Promise<void>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.backend =
      config.jobs.mode === 'redis'
        ? new RedisJobQueue(config.jobs, config.redisUrl!)
        : new InProcessJobQueue(config.jobs.backoffMs);
  }

  get mode(): AppConfig['jobs']['mode'] {
    return this.config.jobs.mode;
  }

  /** Feature modules call this in onModuleInit. Handlers run in API processes (unless JOBS_IN_API=false) and in workers. */
  register<T>(queue: string, handler: JobHandler<T>, options: RegisterOptions = {}): void {
    if (this.queues.has(queue)) throw new Error(`Job queue "${queue}" is registered twice`);
    const cap = this.config.jobs.concurrency;
    const definition: QueueDefinition = {
      name: queue,
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, Math.min(options.concurrency ?? cap, cap)),
      attempts: Math.max(1, options.attempts ?? DEFAULT_ATTEMPTS),
      everyMs: options.everyMs,
    };
    this.queues.set(queue, definition);
    if (this.working) this.startQueue(definition);
  }

  /** Adds jobs; a job whose id is already waiting or active is not added twice. */
  enqueue<T>(queue: string, jobs: Array<{ id: string; data: T }>): Promise<void> {
    return this.backend.enqueue(this.definition(queue), jobs);
  }

  /** Removes waiting jobs (e.g. on cancel); active ones finish or see their domain status. */
  remove(queue: string, ids: string[]): Promise<void> {
    return this.backend.remove(this.definition(queue), ids);
  }

  /** Counts for progress/health: waiting, active, failed. */
  counts(queue: string): Promise<JobCounts> {
    return this.backend.counts(this.definition(queue));
  }

  /**
   * Starts working the registered queues (and those registered later). API processes start on
   * their own unless JOBS_IN_API=false; a worker starts once the database is ready for it.
   */
  start(): void {
    if (this.working || this.stopped || !this.config.jobs.work) return;
    this.working = true;
    for (const definition of this.queues.values()) this.startQueue(definition);
    if (this.queues.size > 0) {
      const names = [...this.queues.keys()].join(', ');
      this.logger.log(`Working queue(s) ${names} (${this.config.jobs.mode === 'redis' ? 'Redis' : 'in-process'})`);
    }
  }

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') this.start();
  }

  /** Destroy hooks run first on shutdown: take no new job from here on. */
  onModuleDestroy(): void {
    this.stopped ??= this.backend.stop(this.config.shutdownGraceMs);
  }

  /** Active jobs get SHUTDOWN_GRACE_MS, then their signal is aborted, before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.onModuleDestroy();
    await this.stopped;
  }

  private startQueue(definition: QueueDefinition): void {
    this.backend.work(definition);
    if (!definition.everyMs) return;
    this.backend
      .schedule(definition)
      .catch((error: Error) => this.logger.warn(`Could not schedule queue ${definition.name}: ${error.message}`));
  }

  private definition(queue: string): QueueDefinition {
    const definition = this.queues.get(queue);
    if (!definition) throw new Error(`Job queue "${queue}" is not registered`);
    return definition;
  }
}
