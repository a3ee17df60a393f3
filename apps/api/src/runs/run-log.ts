import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { IdBlocksService, IdRange } from '../database/id-blocks.service';
import { TransactionService } from '../database/transaction.service';
import { RunMetrics } from '../telemetry/run-metrics';
import type { RunKind, RunSource } from '@promptops/shared';
import { Run, RunMessage, RunParameters, RunStatus } from './run.entity';
import { RunLogUnavailableError } from './runs.errors';

/** What was asked of a model, known before the call. */
export interface RunInput {
  source: RunSource;
  /** `model` unless said: a flow run is logged with kind `flow`, an empty provider and model. */
  kind?: RunKind;
  /** The flow run this call is a step of, and which step. */
  parentRunId?: number | null;
  stepId?: string | null;
  promptName: string | null;
  promptVersion: number | null;
  environment?: string | null;
  variables: Record<string, unknown>;
  input: RunMessage[];
  provider: string;
  model: string;
  parameters: RunParameters;
  userId?: number | null;
  apiKeyId?: number | null;
  rerunOfId?: number | null;
  /** The rollout and arm the version was served under. */
  rolloutId?: number | null;
  rolloutVariant?: string | null;
  /** Values redacted before the call, per entity type; null when the policy redacted nothing. */
  redactions?: Record<string, number> | null;
}

/** How the call ended. */
export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  output: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  usageEstimated?: boolean;
  costUsd?: number | null;
  latencyMs?: number | null;
  ttftMs?: number | null;
}

/** Run ids reserved at a time: one small transaction per this many runs. */
const ID_BLOCK_SIZE = 200;
/** Rows per INSERT: well under SQLite's limit of bound parameters (32,766). */
const MAX_BATCH = 250;

interface Pending {
  row: QueryDeepPartialEntity<Run>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes the run log: one row per run, once the run has ended, with the id it was given when
 * it started (ids come from reserved blocks, so no write is needed to have one).
 *
 * Group commit: rows that arrive while a write is under way are written together in the next
 * one, a single multi-row INSERT (atomic by itself: no BEGIN or COMMIT around it), so a busy server writes many runs per commit and
 * an idle one writes each at once. `write` resolves when the row is committed, and callers
 * answer their client only then: a crash can lose only runs whose answer was not yet sent.
 */
@Injectable()
export class RunLog {
  private readonly logger = new Logger(RunLog.name);
  private ids: IdRange = { first: 0, end: 0 };
  private reserving: Promise<IdRange> | null = null;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private columns?: ColumnMetadata[];

  constructor(
    private readonly idBlocks: IdBlocksService,
    private readonly transactions: TransactionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: RunMetrics,
  ) {}

  /** A new run's id. */
  async nextId(): Promise<number> {
    while (this.ids.first >= this.ids.end) {
      this.reserving ??= this.idBlocks.reserve('runs', ID_BLOCK_SIZE).finally(() => (this.reserving = null));
      const range = await this.reserving;
      // Several callers wait on one reservation: the first to wake takes it into use.
      if (this.ids.first >= this.ids.end) this.ids = range;
    }
    return this.ids.first++;
  }

  /**
   * Logs an ended run; resolves once it is committed, or rejects with RunLogUnavailableError (503)
   * when the database refuses it, so that no answer goes out unlogged.
   */
  write(id: number, startedAt: Date, input: RunInput, outcome: RunOutcome): Promise<void> {
    // Every ended run passes here, whoever ran it: the one place Prometheus counts them.
    this.metrics.observe(input, outcome);
    const row = runRow(id, startedAt, input, outcome);
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves once every row handed to `write` so far is committed (or has failed). */
  async drained(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the rows of runs ending in this same turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.insert(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async insert(batch: Pending[]): Promise<void> {
    try {
      const { sql, parameters } = this.insertStatement(batch);
      await this.transactions.statement(sql, parameters);
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) {
        this.logger.error(`Could not log run ${String(batch[0].row.id)}`, (error as Error).stack);
        batch[0].reject(new RunLogUnavailableError());
        return;
      }
      // One bad row must not cost the others theirs: write them one by one.
      for (const p of batch) await this.insert([p]);
    }
  }

  /**
   * One multi-row INSERT. Values are converted exactly as TypeORM converts them for the
   * entity (the driver's own conversion and the columns' transformers); TypeORM's query
   * builder is not used because it names and looks up each parameter, which cost more than
   * the write itself for a batch (docs/performance.md).
   */
  private insertStatement(batch: Pending[]): { sql: string; parameters: unknown[] } {
    const { driver } = this.dataSource;
    this.columns ??= RUN_ROW_PROPERTIES.map((property) => {
      const column = this.dataSource.getMetadata(Run).findColumnWithPropertyName(property);
      if (!column) throw new Error(`Run has no column for ${property}`);
      return column;
    });
    const columns = this.columns;
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    const parameters: unknown[] = [];
    for (const { row } of batch) {
      const values = row as Record<string, unknown>;
      for (const column of columns) parameters.push(driver.preparePersistentValue(values[column.propertyName], column));
    }
    const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
    const sql = `INSERT INTO ${driver.escape('runs')} (${names}) VALUES ${batch.map(() => placeholders).join(', ')}`;
    return { sql, parameters };
  }
}

/** The columns a run's row fills, in the order of the INSERT. */
const RUN_ROW_PROPERTIES = [
  'id',
  'source',
  'kind',
  'parentRunId',
  'stepId',
  'promptName',
  'promptVersion',
  'environment',
  'variables',
  'input',
  'provider',
  'model',
  'parameters',
  'userId',
  'apiKeyId',
  'rerunOfId',
  'createdAt',
  'status',
  'output',
  'errorCode',
  'errorMessage',
  'promptTokens',
  'completionTokens',
  'usageEstimated',
  'costUsd',
  'latencyMs',
  'ttftMs',
  'rolloutId',
  'rolloutVariant',
  'redactions',
] as const;

/** A run's row: what was asked and how it ended (a run under way is shown in the same shape). */
export function runRow(
  id: number,
  startedAt: Date,
  input: RunInput,
  outcome: Omit<RunOutcome, 'status'> & { status: RunStatus },
): QueryDeepPartialEntity<Run> {
  // TypeORM's insert type cannot map the JSON columns' `unknown` values; the row is complete.
  return {
    id,
    source: input.source,
    kind: input.kind ?? 'model',
    parentRunId: input.parentRunId ?? null,
    stepId: input.stepId ?? null,
    promptName: input.promptName,
    promptVersion: input.promptVersion,
    environment: input.environment ?? null,
    variables: input.variables,
    input: input.input,
    provider: input.provider,
    model: input.model,
    parameters: input.parameters,
    userId: input.userId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    rerunOfId: input.rerunOfId ?? null,
    createdAt: startedAt,
    status: outcome.status,
    output: outcome.output,
    errorCode: outcome.errorCode ?? null,
    errorMessage: outcome.errorMessage ?? null,
    promptTokens: outcome.promptTokens ?? null,
    completionTokens: outcome.completionTokens ?? null,
    usageEstimated: outcome.usageEstimated ?? false,
    costUsd: outcome.costUsd ?? null,
    latencyMs: outcome.latencyMs ?? null,
    ttftMs: outcome.ttftMs ?? null,
    rolloutId: input.rolloutId ?? null,
    rolloutVariant: input.rolloutVariant ?? null,
    redactions: input.redactions ?? null,
  } as QueryDeepPartialEntity<Run>;
}
