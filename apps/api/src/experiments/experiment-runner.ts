import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, ExperimentStatus } from '@promptops/shared';
import { In, Repository } from 'typeorm';
import { ClusterBus } from '../cluster/cluster-bus';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/problem/domain.error';
import { TransactionService } from '../database/transaction.service';
import { DatasetItemRecord, DatasetsService } from '../datasets/datasets.service';
import { ProviderRateLimitedError } from '../gateway/gateway.errors';
import { JobContext } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { VersionResponseDto } from '../prompts/dto/version-response.dto';
import { VersionsService } from '../prompts/versions.service';
import { FlowExecutionService } from '../flows/flow-execution.service';
import { RunAnswer, RunCore, runIdOf } from '../runs/run-core.service';
import { RunMessage } from '../runs/run.entity';
import { coerceVariables } from '../templates/coerce-variables';
import { ScorersService } from '../scorers/scorers.service';
import { Score } from '../scorers/scorer.types';
import { ExperimentResult } from './experiment-result.entity';
import { Experiment } from './experiment.entity';
import { eachWithLimit, Semaphore } from './semaphore';

export const EXPERIMENTS_QUEUE = 'experiments';
/** Announces a cancelled experiment to every process, so calls under way stop at once. */
const STOPPED_CHANNEL = 'experiments:stopped';
/** Items per job: small enough to spread over workers, large enough to keep each one busy. */
export const ITEMS_PER_JOB = 10;
/** Rate-limited or failing calls are tried this many times in all (the gateway retries inside each). */
const CALL_ATTEMPTS = 3;
/** The longest an experiment waits for a provider's Retry-After before recording the error. */
const MAX_WAIT_MS = 60_000;
/** How often a job re-reads its experiment's status and spending (cancel, budget). */
const WATCH_MS = 500;
const ACTIVE: ExperimentStatus[] = ['queued', 'running'];

export interface ExperimentJob {
  experimentId: number;
  generation: number;
  chunk: number;
}

/** What a variant's call answered: a model call's answer, or a flow run's. */
type VariantAnswer = Pick<RunAnswer, 'runId' | 'output' | 'usage' | 'costUsd' | 'latencyMs'>;

interface Cell {
  item: DatasetItemRecord;
  variantIndex: number;
  repetition: number;
}

/**
 * Executes experiments as jobs: each job computes the missing results of ten items on every
 * variant and repetition, through the one run core, and upserts them, so any number of
 * workers can share an experiment and a job retried after a crash redoes only what is missing.
 * The last job to finish marks the experiment completed.
 */
@Injectable()
export class ExperimentRunner implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(ExperimentRunner.name);
  private readonly providerLimits = new Map<string, Semaphore>();
  private readonly items = new Map<string, Promise<DatasetItemRecord[]>>();
  private readonly versionCache = new Map<string, Promise<VersionResponseDto>>();
  /** This process's jobs under way, by experiment: aborted when it is cancelled. */
  private readonly running = new Map<number, Set<AbortController>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(Experiment) private readonly experiments: Repository<Experiment>,
    @InjectRepository(ExperimentResult) private readonly results: Repository<ExperimentResult>,
    private readonly transactions: TransactionService,
    private readonly jobs: JobsService,
    private readonly datasets: DatasetsService,
    private readonly versions: VersionsService,
    private readonly core: RunCore,
    private readonly flows: FlowExecutionService,
    private readonly scorers: ScorersService,
    private readonly bus: ClusterBus,
  ) {}

  async onModuleInit(): Promise<void> {
    this.jobs.register<ExperimentJob>(EXPERIMENTS_QUEUE, (job, ctx) => this.runJob(job, ctx), { attempts: 3 });
    await this.bus.subscribe(STOPPED_CHANNEL, (message) => {
      for (const controller of this.running.get(Number(message)) ?? []) controller.abort();
    });
  }

  /**
   * Experiments left queued or running by a crash or a restart carry on. API processes do this
   * (a worker may start before the migrations ran); queued ids already waiting are not added twice.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.role !== 'api') return;
    const unfinished = await this.experiments.find({ where: { status: In(ACTIVE) } });
    for (const experiment of unfinished) {
      if (!(await this.completeIfDone(experiment.id))) await this.start(experiment);
    }
    if (unfinished.length > 0) this.logger.log(`Resumed ${unfinished.length} unfinished experiment(s)`);
  }

  /** Queues every job of the experiment's current generation. */
  async start(experiment: Experiment): Promise<void> {
    await this.jobs.enqueue(EXPERIMENTS_QUEUE, jobsOf(experiment));
  }

  /** Takes its waiting jobs off the queue and stops the calls under way, in every process. */
  async stop(experiment: Experiment): Promise<void> {
    await this.bus.publish(STOPPED_CHANNEL, String(experiment.id));
    await this.jobs.remove(
      EXPERIMENTS_QUEUE,
      jobsOf(experiment).map((job) => job.id),
    );
  }

  /** Marks it completed once every result exists; true if it is (or already was). */
  async completeIfDone(id: number): Promise<boolean> {
    const experiment = await this.experiments.findOneBy({ id });
    if (!experiment) return true;
    if (experiment.status === 'completed') return true;
    const count = await this.results.countBy({ experimentId: id });
    if (count < experiment.totalResults) return false;
    await this.setStatus(id, ACTIVE, { status: 'completed', finishedAt: new Date() });
    return true;
  }

  private async runJob(job: ExperimentJob, ctx: JobContext): Promise<void> {
    const experiment = await this.experiments.findOneBy({ id: job.experimentId });
    if (!experiment || experiment.generation !== job.generation || !ACTIVE.includes(experiment.status)) return;
    // A resumed experiment keeps the time it first started.
    await this.setStatus(experiment.id, ['queued'], {
      status: 'running',
      ...(experiment.startedAt ? {} : { startedAt: new Date() }),
    });
    try {
      await this.runCells(experiment, job.chunk, ctx);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      if (ctx.attempt >= 3) {
        const message = error instanceof DomainError ? error.detail : 'An unexpected error stopped the experiment';
        this.logger.error(`Experiment ${experiment.id} failed`, error instanceof Error ? error.stack : String(error));
        await this.setStatus(experiment.id, ACTIVE, { status: 'failed', error: message, finishedAt: new Date() });
      }
      throw error;
    }
    await this.completeIfDone(experiment.id);
  }

  private async runCells(experiment: Experiment, chunk: number, ctx: JobContext): Promise<void> {
    const all = await this.itemsOf(experiment);
    const items = all.slice(chunk * ITEMS_PER_JOB, (chunk + 1) * ITEMS_PER_JOB);
    if (items.length === 0) return;
    const existing = await this.results.find({
      select: { itemId: true, variantIndex: true, repetition: true },
      where: { experimentId: experiment.id, itemId: In(items.map((i) => i.id)) },
    });
    const done = new Set(existing.map((r) => `${r.itemId}:${r.variantIndex}:${r.repetition}`));
    const cells: Cell[] = [];
    for (let repetition = 1; repetition <= experiment.repetitions; repetition++) {
      for (const item of items) {
        for (let variantIndex = 0; variantIndex < experiment.variants.length; variantIndex++) {
          if (!done.has(`${item.id}:${variantIndex}:${repetition}`)) cells.push({ item, variantIndex, repetition });
        }
      }
    }
    if (cells.length === 0) return;
    // A cancel (from any process) or a shutdown aborts every call under way.
    const cancel = new AbortController();
    const signal = AbortSignal.any([ctx.signal, cancel.signal]);
    setMaxListeners(this.config.evaluations.concurrency * 4 + 10, signal, ctx.signal);
    const own = this.running.get(experiment.id) ?? new Set<AbortController>();
    own.add(cancel);
    this.running.set(experiment.id, own);
    const watch = new ExperimentWatch(experiment, this.experiments, this.results, (status, error) =>
      this.setStatus(experiment.id, ACTIVE, { status, error, finishedAt: new Date() }),
    );
    await watch.refresh();
    const writer = new ResultWriter(this.transactions);
    try {
      await eachWithLimit(
        cells,
        this.config.evaluations.concurrency,
        async (cell) => {
          if (!(await watch.mayContinue())) return;
          const variant = experiment.variants[cell.variantIndex];
          let row: Omit<ExperimentResult, 'id'>;
          try {
            row = await this.providerLimit(variant.provider).use(() => this.runCell(experiment, cell, signal));
          } catch (error) {
            // Cut off by a cancel or a shutdown: no result, so a resume computes it.
            if (signal.aborted) return;
            throw error;
          }
          watch.spent((row.costUsd ?? 0) + (row.scoringCostUsd ?? 0));
          await writer.add(row);
        },
        () => watch.stopped || signal.aborted,
      );
    } finally {
      own.delete(cancel);
      if (own.size === 0) this.running.delete(experiment.id);
      await writer.flush();
    }
    if (ctx.signal.aborted) throw new Error('Shutting down: the job will be resumed');
  }

  /** One model call and its scores; an abort (shutdown) rejects, everything else is a result. */
  private async runCell(
    experiment: Experiment,
    cell: Cell,
    signal: AbortSignal,
  ): Promise<Omit<ExperimentResult, 'id'>> {
    const variant = experiment.variants[cell.variantIndex];
    const version = await this.versionOf(variant.prompt, variant.version);
    let rendered: RunMessage[] = [];
    let answer: VariantAnswer | null = null;
    let failure: unknown = null;
    let failedRunId: number | null = null;
    if (version.kind === 'flow') {
      ({ answer, failure, failedRunId } = await this.runFlowCell(experiment, cell, version, signal));
    }
    for (let attempt = 1; version.kind !== 'flow'; attempt++) {
      try {
        const plan = await this.core.plan({
          source: 'experiment',
          prompt: variant.prompt,
          version: variant.version,
          environment: variant.environment,
          render: version,
          // Items imported from CSV hold text: "42" is the number a variable declared int expects.
          variables: coerceVariables(version.variablesMeta, cell.item.input),
          modelConfig: {
            provider: variant.provider,
            model: variant.model,
            temperature: variant.temperature,
            maxTokens: variant.maxTokens,
            topP: variant.topP,
          },
          userId: experiment.createdById,
        });
        rendered = plan.messages;
        answer = await this.core.run(plan, signal);
        break;
      } catch (error) {
        if (signal.aborted) throw error;
        const wait = retryDelay(error, attempt);
        if (wait === null) {
          failure = error;
          break;
        }
        await sleep(wait, undefined, { signal });
      }
    }
    const scores: Record<string, Score> = {};
    let scoringCostUsd: number | null = null;
    if (answer) {
      for (const scorer of experiment.scorers) {
        const score = await this.scorers.score(
          scorer,
          { input: cell.item.input, output: answer.output, expected: cell.item.expected },
          { signal },
        );
        scores[scorer.name] = score;
        if (score.costUsd != null) scoringCostUsd = (scoringCostUsd ?? 0) + score.costUsd;
      }
    }
    return {
      experimentId: experiment.id,
      itemId: cell.item.id,
      variantIndex: cell.variantIndex,
      repetition: cell.repetition,
      status: answer ? 'success' : 'error',
      runId: answer ? answer.runId : (failedRunId ?? runIdOf(failure)),
      rendered,
      output: answer?.output ?? null,
      promptTokens: answer?.usage.promptTokens ?? null,
      completionTokens: answer?.usage.completionTokens ?? null,
      costUsd: answer?.costUsd ?? null,
      scoringCostUsd: scoringCostUsd === null ? null : Number(scoringCostUsd.toFixed(10)),
      latencyMs: answer?.latencyMs ?? null,
      errorCode: answer ? null : failure instanceof DomainError ? failure.code : ErrorCode.INTERNAL_ERROR,
      errorMessage: answer ? null : failure instanceof DomainError ? failure.detail : 'An unexpected error occurred',
      scores,
      scorerErrors: Object.values(scores).filter((s) => s.error !== null).length,
      createdAt: new Date(),
    };
  }

  /**
   * A flow variant: the flow runs through the flow executor (its steps through the run core, each
   * retried as its definition says), and its output — as JSON text when it is not text — is scored.
   */
  private async runFlowCell(
    experiment: Experiment,
    cell: Cell,
    version: VersionResponseDto,
    signal: AbortSignal,
  ): Promise<{ answer: VariantAnswer | null; failure: unknown; failedRunId: number | null }> {
    const variant = experiment.variants[cell.variantIndex];
    try {
      const outcome = await this.flows.runFlow(
        {
          resolved: { ...version, environment: variant.environment, etag: '' },
          inputs: coerceVariables(version.variablesMeta, cell.item.input),
          source: 'experiment',
          environment: variant.environment,
          userId: experiment.createdById,
        },
        { signal },
      );
      if (signal.aborted) throw new Error('Shutting down: the job will be resumed');
      const { response } = outcome;
      if (outcome.status !== 'success') {
        return { answer: null, failure: outcome.error ?? null, failedRunId: response.flowRunId };
      }
      return {
        answer: {
          runId: response.flowRunId,
          output: typeof response.output === 'string' ? response.output : JSON.stringify(response.output ?? null),
          usage: response.usage,
          costUsd: response.costUsd,
          latencyMs: response.latencyMs,
        },
        failure: null,
        failedRunId: null,
      };
    } catch (error) {
      if (signal.aborted) throw error;
      return { answer: null, failure: error, failedRunId: null };
    }
  }

  private async setStatus(
    id: number,
    from: ExperimentStatus[],
    change: Partial<Pick<Experiment, 'status' | 'error' | 'startedAt' | 'finishedAt'>>,
  ): Promise<boolean> {
    const result = await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .update(Experiment)
        .set(change)
        .where('id = :id AND status IN (:...from)', { id, from })
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  private providerLimit(provider: string): Semaphore {
    let limit = this.providerLimits.get(provider);
    if (!limit) {
      limit = new Semaphore(this.config.evaluations.providerConcurrency);
      this.providerLimits.set(provider, limit);
    }
    return limit;
  }

  /** The items of the experiment's pinned dataset version, in order. */
  itemsOfExperiment(experiment: Experiment): Promise<DatasetItemRecord[]> {
    return this.itemsOf(experiment);
  }

  /** A pinned dataset version never changes, so its items are kept for the jobs that follow. */
  private itemsOf(experiment: Experiment): Promise<DatasetItemRecord[]> {
    const key = `${experiment.datasetId}@${experiment.datasetVersion}`;
    let items = this.items.get(key);
    if (!items) {
      items = this.datasets.listVersionItems(experiment.datasetId, experiment.datasetVersion);
      items.catch(() => this.items.delete(key));
      if (this.items.size >= 8) this.items.delete(this.items.keys().next().value as string);
      this.items.set(key, items);
    }
    return items;
  }

  /** Versions are immutable: read once per process. */
  private versionOf(prompt: string, version: number): Promise<VersionResponseDto> {
    const key = `${prompt}@${version}`;
    let found = this.versionCache.get(key);
    if (!found) {
      found = this.versions.getVersion(prompt, version);
      found.catch(() => this.versionCache.delete(key));
      if (this.versionCache.size >= 256) this.versionCache.delete(this.versionCache.keys().next().value as string);
      this.versionCache.set(key, found);
    }
    return found;
  }
}

/** The jobs of an experiment's current generation: one per ten items. */
export function jobsOf(experiment: Experiment): { id: string; data: ExperimentJob }[] {
  const items = experiment.totalResults / (experiment.variants.length * experiment.repetitions);
  const count = Math.ceil(items / ITEMS_PER_JOB);
  return Array.from({ length: count }, (_, chunk) => ({
    id: `experiment-${experiment.id}-g${experiment.generation}-c${chunk}`,
    data: { experimentId: experiment.id, generation: experiment.generation, chunk },
  }));
}

/** How long to wait before trying a failed call again, or null to record the failure. */
function retryDelay(error: unknown, attempt: number): number | null {
  if (attempt >= CALL_ATTEMPTS || !(error instanceof DomainError)) return null;
  if (error instanceof ProviderRateLimitedError) {
    const retryAfter = error.extensions.retryAfter;
    const ms = typeof retryAfter === 'number' ? retryAfter * 1000 : 1000 * 2 ** attempt;
    return ms > MAX_WAIT_MS ? null : ms;
  }
  if (error.code === ErrorCode.PROVIDER_ERROR || error.code === ErrorCode.PROVIDER_TIMEOUT) return 1000 * 2 ** attempt;
  return null;
}

/**
 * What a job knows of its experiment while it runs: whether it was cancelled (or stopped by
 * another job), and what it has cost so far across every worker, re-read twice a second.
 */
class ExperimentWatch {
  stopped = false;
  private local = 0;
  private total = 0;
  private readAt = 0;

  constructor(
    private readonly experiment: Experiment,
    private readonly experiments: Repository<Experiment>,
    private readonly results: Repository<ExperimentResult>,
    private readonly end: (status: ExperimentStatus, error: string | null) => Promise<boolean>,
  ) {}

  spent(usd: number): void {
    this.local += usd;
  }

  async mayContinue(): Promise<boolean> {
    if (this.stopped) return false;
    if (Date.now() - this.readAt >= WATCH_MS) await this.refresh();
    const budget = this.experiment.budgetUsd;
    if (!this.stopped && budget !== null && this.total + this.local >= budget) {
      this.stopped = true;
      await this.end(
        'budget_exceeded',
        `Stopped at its budget of $${budget} (spent $${(this.total + this.local).toFixed(4)})`,
      );
    }
    return !this.stopped;
  }

  async refresh(): Promise<void> {
    this.readAt = Date.now();
    const current = await this.experiments.findOne({
      select: { status: true, budgetUsd: true },
      where: { id: this.experiment.id },
    });
    if (!current || !ACTIVE.includes(current.status)) this.stopped = true;
    if (current) this.experiment.budgetUsd = current.budgetUsd;
    if (this.experiment.budgetUsd !== null) {
      const row = await this.results
        .createQueryBuilder('r')
        .select('SUM(COALESCE(r.costUsd, 0) + COALESCE(r.scoringCostUsd, 0))', 'spent')
        .where('r.experimentId = :id', { id: this.experiment.id })
        .getRawOne<{ spent: string | number | null }>();
      this.total = Number(row?.spent ?? 0);
      this.local = 0;
    }
  }
}

/**
 * Results upserted in small batches: one transaction for up to 25 rows, or for what came in the
 * last 200 ms, so a fast model does not pay a transaction per result and a slow one still
 * shows progress at once.
 */
class ResultWriter {
  private pending: Omit<ExperimentResult, 'id'>[] = [];
  private oldest = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly transactions: TransactionService) {}

  async add(row: Omit<ExperimentResult, 'id'>): Promise<void> {
    if (this.pending.length === 0) this.oldest = Date.now();
    this.pending.push(row);
    if (this.pending.length >= 25 || Date.now() - this.oldest >= 200) await this.flush();
  }

  /** Writes what is pending, after any write already under way. */
  flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => (rows.length > 0 ? this.write(rows) : undefined));
    return this.writing;
  }

  private async write(rows: Omit<ExperimentResult, 'id'>[]): Promise<void> {
    await this.transactions.run((manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(ExperimentResult)
        .values(rows)
        .orUpdate(
          [
            'status',
            'run_id',
            'rendered',
            'output',
            'prompt_tokens',
            'completion_tokens',
            'cost_usd',
            'scoring_cost_usd',
            'latency_ms',
            'error_code',
            'error_message',
            'scores',
            'scorer_errors',
          ],
          ['experiment_id', 'item_id', 'variant_index', 'repetition'],
        )
        .execute(),
    );
  }
}
