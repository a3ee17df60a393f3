import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { JobsService } from '../jobs/jobs.service';
import { SparseLatencyHistogram } from './latency-histogram';
import { ceilTo, DAY_MS, floorTo, HOUR_MS, MINUTE_MS, readDate, sqlDate } from './metric-time';

export const METRIC_ROLLUPS_QUEUE = 'metric-rollups';
const WATERMARK = 'minute_rollups_until';
/** Rows per multi-row INSERT: 19 parameters each stays far below SQLite's and MySQL's limits. */
const INSERT_BATCH = 400;

/** What a rollup bucket is keyed by; '' or 0 stands for "none". */
interface RollupKey {
  promptName: string;
  promptVersion: number;
  environment: string;
  model: string;
  provider: string;
  source: string;
  kind: string;
  status: string;
  errorCode: string;
}

interface RollupRow extends RollupKey {
  bucketStart: number;
  requests: number;
  errors: number;
  latencyCount: number;
  latencySumMs: number;
  histogram: SparseLatencyHistogram;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface RollupPassResult {
  /** The span whose minute buckets were recomputed. */
  from: Date;
  to: Date;
  minuteRows: number;
  hourRows: number;
  tookMs: number;
}

const KEY_COLUMNS = [
  'prompt_name',
  'prompt_version',
  'environment',
  'model',
  'provider',
  'source',
  'kind',
  'status',
  'error_code',
] as const;
const ROW_COLUMNS = [
  'bucket_start',
  ...KEY_COLUMNS,
  'requests',
  'errors',
  'latency_count',
  'latency_sum_ms',
  'latency_histogram',
  'tokens_in',
  'tokens_out',
  'cost_usd',
] as const;

/**
 * Rolls the run log up into minute and hour buckets (metric_rollups_minute/_hour, and the hours
 * by prompt alone in metric_rollups_hour_prompt), once a
 * minute across replicas. Runs are dated when they started but logged when they end, so each
 * pass recomputes the minutes of a rewind window (10 minutes by default), from the start of its
 * hour, and replaces them and the hours they make up in one transaction: a pass is idempotent,
 * and a run that ends late is counted by the next pass. The first pass on a database with
 * history backfills it a day per statement; a watermark lets an interrupted backfill resume.
 */
@Injectable()
export class MetricsRollupService implements OnModuleInit {
  private readonly logger = new Logger(MetricsRollupService.name);
  private readonly mysql: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mysql = dataSource.options.type === 'mysql';
  }

  onModuleInit(): void {
    this.jobs.register(METRIC_ROLLUPS_QUEUE, async () => void (await this.rollUp()), {
      everyMs: this.config.rollups.rollupIntervalMs,
      attempts: 1,
    });
  }

  /** Runs one pass now (the job calls this each period; tests and the admin endpoint too). */
  async rollUp(now: Date = new Date()): Promise<RollupPassResult> {
    const started = Date.now();
    const { rewindMs, minuteRetentionDays } = this.config.rollups;
    const end = floorTo(now.getTime(), MINUTE_MS) + MINUTE_MS;
    const rewindStart = floorTo(now.getTime() - rewindMs, MINUTE_MS);
    const watermark = await this.watermark();
    const from = watermark ?? (await this.earliestRun()) ?? rewindStart;
    // From the start of an hour, so that every hour touched is rebuilt from all of its minutes.
    const start = floorTo(Math.min(from, rewindStart), HOUR_MS);
    const minuteCutoff = floorTo(now.getTime() - minuteRetentionDays * DAY_MS, MINUTE_MS);

    let minuteRows = 0;
    let hourRows = 0;
    for (let chunkStart = start; chunkStart < end;) {
      const chunkEnd = Math.min(chunkStart + DAY_MS, end);
      const written = await this.rollUpChunk(chunkStart, chunkEnd, minuteCutoff);
      minuteRows += written.minuteRows;
      hourRows += written.hourRows;
      chunkStart = chunkEnd;
    }
    // Minute buckets past their retention go; hour buckets stay.
    await this.transactions.run((manager) =>
      manager.query(`DELETE FROM metric_rollups_minute WHERE bucket_start < ?`, [
        sqlDate(this.dataSource, minuteCutoff),
      ]),
    );
    const tookMs = Date.now() - started;
    if (end - start > DAY_MS) {
      this.logger.log(
        `Rolled up runs from ${new Date(start).toISOString()} into ${hourRows} hour rows in ${tookMs} ms`,
      );
    }
    return { from: new Date(start), to: new Date(end), minuteRows, hourRows, tookMs };
  }

  /** Until when minute buckets are complete (the end of the last pass), or null before the first. */
  async watermark(): Promise<number | null> {
    const rows: Array<{ value: unknown }> = await this.dataSource.query(
      `SELECT value FROM metric_rollup_state WHERE name = ?`,
      [WATERMARK],
    );
    return rows.length ? readDate(rows[0].value) : null;
  }

  private async earliestRun(): Promise<number | null> {
    const rows: Array<{ first: unknown }> = await this.dataSource.query(`SELECT MIN(created_at) AS first FROM runs`);
    return rows[0]?.first ? readDate(rows[0].first) : null;
  }

  /** Recomputes the minutes of [start, end) (start on an hour) and the hours they make up. */
  private async rollUpChunk(
    start: number,
    end: number,
    minuteCutoff: number,
  ): Promise<{ minuteRows: number; hourRows: number }> {
    const minute = this.mysql ? `DATE_FORMAT(created_at, '%Y-%m-%d %H:%i')` : `substr(created_at, 1, 16)`;
    const groups: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${minute} AS minute, ${KEY_COLUMNS.join(', ')}, latency_ms, COUNT(*) AS n,
              SUM(prompt_tokens) AS tokens_in, SUM(completion_tokens) AS tokens_out, SUM(cost_usd) AS cost
         FROM runs
        WHERE created_at >= ? AND created_at < ? AND status <> 'running'
        GROUP BY ${minute}, ${KEY_COLUMNS.join(', ')}, latency_ms`,
      [sqlDate(this.dataSource, start), sqlDate(this.dataSource, end)],
    );

    const minutes = new Map<string, RollupRow>();
    for (const group of groups) {
      const key: RollupKey = {
        promptName: String(group.prompt_name ?? ''),
        promptVersion: Number(group.prompt_version ?? 0),
        environment: String(group.environment ?? ''),
        model: String(group.model ?? ''),
        provider: String(group.provider ?? ''),
        source: String(group.source ?? ''),
        kind: String(group.kind ?? 'model'),
        status: String(group.status ?? ''),
        errorCode: String(group.error_code ?? ''),
      };
      const bucketStart = Date.parse(`${String(group.minute).replace(' ', 'T')}:00Z`);
      const row = bucket(minutes, bucketStart, key);
      const n = Number(group.n);
      row.requests += n;
      if (key.status === 'error') row.errors += n;
      if (group.latency_ms !== null && group.latency_ms !== undefined) {
        const latency = Number(group.latency_ms);
        row.latencyCount += n;
        row.latencySumMs += latency * n;
        row.histogram.add(latency, n);
      }
      row.tokensIn += Number(group.tokens_in ?? 0);
      row.tokensOut += Number(group.tokens_out ?? 0);
      row.costUsd += Number(group.cost ?? 0);
    }

    const hours = rollInto(minutes.values(), (row) => ({ ...row, bucketStart: floorTo(row.bucketStart, HOUR_MS) }));
    // The same hours keyed by prompt, kind and outcome only: what the unfiltered dashboard reads.
    const promptHours = rollInto(hours.values(), (row) => ({
      ...row,
      promptVersion: 0,
      environment: '',
      model: '',
      provider: '',
      source: '',
    }));

    const keptMinutes = [...minutes.values()].filter((row) => row.bucketStart >= minuteCutoff);
    await this.transactions.run(async (manager) => {
      const d = (ms: number) => sqlDate(this.dataSource, ms);
      await manager.query(`DELETE FROM metric_rollups_minute WHERE bucket_start >= ? AND bucket_start < ?`, [
        d(start),
        d(end),
      ]);
      await this.insert(manager, 'metric_rollups_minute', keptMinutes);
      await manager.query(`DELETE FROM metric_rollups_hour WHERE bucket_start >= ? AND bucket_start < ?`, [
        d(start),
        d(ceilTo(end, HOUR_MS)),
      ]);
      await this.insert(manager, 'metric_rollups_hour', [...hours.values()]);
      await manager.query(`DELETE FROM metric_rollups_hour_prompt WHERE bucket_start >= ? AND bucket_start < ?`, [
        d(start),
        d(ceilTo(end, HOUR_MS)),
      ]);
      await this.insert(manager, 'metric_rollups_hour_prompt', [...promptHours.values()]);
      await manager.query(`DELETE FROM metric_rollup_state WHERE name = ?`, [WATERMARK]);
      await manager.query(`INSERT INTO metric_rollup_state (name, value) VALUES (?, ?)`, [WATERMARK, d(end)]);
    });
    return { minuteRows: keptMinutes.length, hourRows: hours.size };
  }

  private async insert(manager: EntityManager, table: string, rows: RollupRow[]): Promise<void> {
    const placeholders = `(${ROW_COLUMNS.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      const parameters: unknown[] = [];
      for (const row of batch) {
        parameters.push(
          sqlDate(this.dataSource, row.bucketStart),
          row.promptName,
          row.promptVersion,
          row.environment,
          row.model,
          row.provider,
          row.source,
          row.kind,
          row.status,
          row.errorCode,
          row.requests,
          row.errors,
          row.latencyCount,
          row.latencySumMs,
          row.histogram.encode(),
          row.tokensIn,
          row.tokensOut,
          Number(row.costUsd.toFixed(10)),
        );
      }
      await manager.query(
        `INSERT INTO ${table} (${ROW_COLUMNS.join(', ')}) VALUES ${batch.map(() => placeholders).join(', ')}`,
        parameters,
      );
    }
  }
}

/** Sums rows into coarser ones: `keyOf` gives each row's bucket start and key in the coarser table. */
function rollInto(
  rows: Iterable<RollupRow>,
  keyOf: (row: RollupRow) => RollupKey & { bucketStart: number },
): Map<string, RollupRow> {
  const into = new Map<string, RollupRow>();
  for (const row of rows) {
    const key = keyOf(row);
    const target = bucket(into, key.bucketStart, key);
    target.requests += row.requests;
    target.errors += row.errors;
    target.latencyCount += row.latencyCount;
    target.latencySumMs += row.latencySumMs;
    target.histogram.merge(row.histogram);
    target.tokensIn += row.tokensIn;
    target.tokensOut += row.tokensOut;
    target.costUsd += row.costUsd;
  }
  return into;
}

function bucket(rows: Map<string, RollupRow>, bucketStart: number, key: RollupKey): RollupRow {
  const id = [
    bucketStart,
    key.promptName,
    key.promptVersion,
    key.environment,
    key.model,
    key.provider,
    key.source,
    key.kind,
    key.status,
    key.errorCode,
  ].join('\u0000');
  let row = rows.get(id);
  if (!row) {
    row = {
      bucketStart,
      promptName: key.promptName,
      promptVersion: key.promptVersion,
      environment: key.environment,
      model: key.model,
      provider: key.provider,
      source: key.source,
      kind: key.kind,
      status: key.status,
      errorCode: key.errorCode,
      requests: 0,
      errors: 0,
      latencyCount: 0,
      latencySumMs: 0,
      histogram: new SparseLatencyHistogram(),
      tokensIn: 0,
      tokensOut: 0,
      costUsd: 0,
    };
    rows.set(id, row);
  }
  return row;
}
