import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PromptLocator } from '../prompts/prompt-locator.service';
import {
  MetricDimensionsResponseDto,
  MetricPointDto,
  MetricsOverviewResponseDto,
  MetricTotalsDto,
  PromptMetricsResponseDto,
  TopPromptDto,
  VersionMetricPointDto,
} from './dto/metrics-response.dto';
import { MetricsOverviewQueryDto, MetricsRange, MetricsRangeQueryDto } from './dto/metrics-query.dto';
import { LatencyHistogram } from './latency-histogram';
import { DAY_MS, floorTo, HOUR_MS, MINUTE_MS, readDate, sqlDate } from './metric-time';
import { MetricsRangeInvalidError } from './metrics.errors';
import { MetricsRollupService } from './metrics-rollup.service';

const RANGE_MS: Record<MetricsRange, number> = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
};
const MIN_RANGE_MS = HOUR_MS;
const MAX_RANGE_MS = 30 * DAY_MS;
/** Minute buckets up to this span; hour buckets beyond, so 30 days read about 720 hours of rows. */
const MINUTE_GRANULARITY_MAX_MS = 6 * HOUR_MS;
/** Series steps to choose from: the smallest that keeps a chart under MAX_POINTS points. */
const STEPS_MS = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS, 3 * HOUR_MS, 6 * HOUR_MS, 12 * HOUR_MS, DAY_MS];
const MAX_POINTS = 400;
const TOP = 10;
const PERCENTILES = [0.5, 0.95, 0.99] as const;

interface Window {
  from: number;
  to: number;
  granularity: 'minute' | 'hour';
  stepMs: number;
}

/** Sums of a set of rollup rows. */
class Accumulator {
  requests = 0;
  errors = 0;
  tokensIn = 0;
  tokensOut = 0;
  costUsd = 0;
  histogram = new LatencyHistogram();
  errorsByCode = new Map<string, number>();

  add(row: RollupGroup): void {
    this.requests += row.requests;
    this.errors += row.errors;
    this.tokensIn += row.tokensIn;
    this.tokensOut += row.tokensOut;
    this.costUsd += row.costUsd;
    for (const part of row.histograms) this.histogram.mergeEncoded(part);
    if (row.errors > 0) this.errorsByCode.set(row.errorCode, (this.errorsByCode.get(row.errorCode) ?? 0) + row.errors);
  }

  totals(): MetricTotalsDto {
    const [p50Ms, p95Ms, p99Ms] = this.histogram.percentiles(PERCENTILES);
    return {
      requests: this.requests,
      errors: this.errors,
      errorRate: this.requests ? this.errors / this.requests : 0,
      p50Ms,
      p95Ms,
      p99Ms,
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      costUsd: money(this.costUsd),
      errorsByCode: this.codes(),
    };
  }

  codes() {
    return [...this.errorsByCode.entries()]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  }
}

/** Rollup rows summed in SQL per bucket and error code (and version, for a prompt), histograms still apart. */
interface RollupGroup {
  bucketStart: number;
  promptVersion: number;
  errorCode: string;
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** The rows' stored histograms, `[bin, count, …]` each. */
  histograms: number[][];
}

interface PromptSums {
  prompt: string;
  requests: number;
  errors: number;
  costUsd: number;
}

/**
 * Reads the rollups for the dashboard and a prompt's Metrics tab. Every answer comes from one
 * range scan of one rollup table (minutes up to 6 hours, hours beyond), summed here in one pass.
 * Numbers lag the run log by up to a rollup period (a minute by default).
 */
@Injectable()
export class MetricsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rollups: MetricsRollupService,
    private readonly prompts: PromptLocator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async overview(query: MetricsOverviewQueryDto, now = new Date()): Promise<MetricsOverviewResponseDto> {
    const window = this.window(query, now);
    const kind = query.kind ?? 'model';
    const filters: Array<[string, unknown]> = [['kind', kind]];
    if (query.prompt) filters.push(['prompt_name', query.prompt]);
    if (query.environment) filters.push(['environment', query.environment]);
    if (query.model) filters.push(['model', query.model]);
    if (query.provider) filters.push(['provider', query.provider]);
    if (query.source) filters.push(['source', query.source]);
    const [groups, prompts, rolledUpUntil] = await Promise.all([
      this.read(window, filters, []),
      this.sumsByPrompt(window, filters),
      this.rollups.watermark(),
    ]);

    const total = new Accumulator();
    const steps = new Map<number, Accumulator>();
    const days = new Map<number, number>();
    for (const group of groups) {
      total.add(group);
      const step = floorTo(group.bucketStart, window.stepMs);
      let point = steps.get(step);
      if (!point) steps.set(step, (point = new Accumulator()));
      point.add(group);
      const day = floorTo(group.bucketStart, DAY_MS);
      days.set(day, (days.get(day) ?? 0) + group.costUsd);
    }

    const series: MetricPointDto[] = this.stepStarts(window).map((t) => {
      const totals = (steps.get(t) ?? new Accumulator()).totals();
      return {
        t: new Date(t).toISOString(),
        requests: totals.requests,
        errors: totals.errors,
        errorsByCode: totals.errorsByCode,
        p50Ms: totals.p50Ms,
        p95Ms: totals.p95Ms,
        p99Ms: totals.p99Ms,
        costUsd: totals.costUsd,
      };
    });
    const costPerDay = [];
    for (let day = floorTo(window.from, DAY_MS); day < window.to; day += DAY_MS) {
      costPerDay.push({ day: new Date(day).toISOString().slice(0, 10), costUsd: money(days.get(day) ?? 0) });
    }
    const top: TopPromptDto[] = prompts
      .filter((p) => p.prompt !== '')
      .map((p) => ({
        prompt: p.prompt,
        requests: p.requests,
        errors: p.errors,
        errorRate: p.requests ? p.errors / p.requests : 0,
        costUsd: money(p.costUsd),
      }));
    return {
      ...this.describe(window, rolledUpUntil),
      kind,
      totals: total.totals(),
      series,
      costPerDay,
      topByCost: [...top].sort((a, b) => b.costUsd - a.costUsd || a.prompt.localeCompare(b.prompt)).slice(0, TOP),
      topByErrors: top
        .filter((p) => p.errors > 0)
        .sort((a, b) => b.errors - a.errors || a.prompt.localeCompare(b.prompt))
        .slice(0, TOP),
    };
  }

  /**
   * A prompt's (or flow's) runs per version. A prompt's rows are model calls and a flow's are
   * flow runs — a name is one or the other — so nothing is counted twice.
   */
  async promptMetrics(name: string, query: MetricsRangeQueryDto, now = new Date()): Promise<PromptMetricsResponseDto> {
    await this.prompts.findForServing(name);
    const window = this.window(query, now);
    const filters: Array<[string, unknown]> = [['prompt_name', name]];
    if (query.environment) filters.push(['environment', query.environment]);
    const [groups, rolledUpUntil] = await Promise.all([
      this.read(window, filters, ['prompt_version']),
      this.rollups.watermark(),
    ]);

    const total = new Accumulator();
    const versions = new Map<number, Accumulator>();
    const points = new Map<string, Accumulator>();
    for (const group of groups) {
      total.add(group);
      let version = versions.get(group.promptVersion);
      if (!version) versions.set(group.promptVersion, (version = new Accumulator()));
      version.add(group);
      const key = `${floorTo(group.bucketStart, window.stepMs)}:${group.promptVersion}`;
      let point = points.get(key);
      if (!point) points.set(key, (point = new Accumulator()));
      point.add(group);
    }
    const numbers = [...versions.keys()].sort((a, b) => b - a);
    const series: VersionMetricPointDto[] = [];
    for (const t of this.stepStarts(window)) {
      for (const version of numbers) {
        const totals = (points.get(`${t}:${version}`) ?? new Accumulator()).totals();
        series.push({
          t: new Date(t).toISOString(),
          version,
          requests: totals.requests,
          errors: totals.errors,
          p50Ms: totals.p50Ms,
          p95Ms: totals.p95Ms,
          p99Ms: totals.p99Ms,
        });
      }
    }
    return {
      ...this.describe(window, rolledUpUntil),
      prompt: name,
      totals: total.totals(),
      versions: numbers.map((version) => ({ version, ...versions.get(version)!.totals() })),
      series,
    };
  }

  /** The prompts, environments, models and providers that had runs in a range (hour buckets). */
  async dimensions(query: MetricsRangeQueryDto, now = new Date()): Promise<MetricDimensionsResponseDto> {
    const window = this.window(query, now);
    const range = [sqlDate(this.dataSource, floorTo(window.from, HOUR_MS)), sqlDate(this.dataSource, window.to)];
    const distinct = async (column: string) => {
      const rows: Array<{ value: string }> = await this.dataSource.query(
        `SELECT DISTINCT ${column} AS value FROM metric_rollups_hour WHERE bucket_start >= ? AND bucket_start < ? AND ${column} <> ''`,
        range,
      );
      return rows.map((r) => String(r.value)).sort((a, b) => a.localeCompare(b));
    };
    const [prompts, environments, models, providers] = await Promise.all(
      ['prompt_name', 'environment', 'model', 'provider'].map(distinct),
    );
    return { prompts, environments, models, providers };
  }

  /** The range asked for, checked, and the buckets and step that answer it. */
  private window(query: MetricsRangeQueryDto, now: Date): Window {
    let from: number;
    let to: number;
    if (query.from || query.to) {
      if (!query.from || !query.to) throw new MetricsRangeInvalidError('Give both from and to, or a range');
      from = query.from.getTime();
      to = query.to.getTime();
    } else {
      to = now.getTime();
      from = to - RANGE_MS[query.range ?? '24h'];
    }
    if (to <= from) throw new MetricsRangeInvalidError('from must be before to');
    if (to - from < MIN_RANGE_MS || to - from > MAX_RANGE_MS) {
      throw new MetricsRangeInvalidError('The range must span 1 hour to 30 days');
    }
    const minutesKept = now.getTime() - this.config.rollups.minuteRetentionDays * DAY_MS;
    const granularity = to - from <= MINUTE_GRANULARITY_MAX_MS && from >= minutesKept ? 'minute' : 'hour';
    const bucketMs = granularity === 'minute' ? MINUTE_MS : HOUR_MS;
    const stepMs = STEPS_MS.find((step) => step >= bucketMs && (to - from) / step <= MAX_POINTS) ?? DAY_MS;
    return { from: floorTo(from, bucketMs), to, granularity, stepMs };
  }

  private describe(window: Window, rolledUpUntil: number | null) {
    return {
      from: new Date(window.from).toISOString(),
      to: new Date(window.to).toISOString(),
      granularity: window.granularity,
      stepSeconds: window.stepMs / 1000,
      rolledUpUntil: rolledUpUntil === null ? null : new Date(rolledUpUntil).toISOString(),
    };
  }

  private stepStarts(window: Window): number[] {
    const starts: number[] = [];
    for (let t = floorTo(window.from, window.stepMs); t < window.to; t += window.stepMs) starts.push(t);
    return starts;
  }

  /**
   * The rollup rows of a range, summed in the database per bucket and error code (and `by`),
   * with their histograms concatenated there: a few thousand groups cross the driver instead of
   * one object per row, which is what keeps 30 days of hour rows under the 500 ms budget.
   */
  private async read(window: Window, filters: Array<[string, unknown]>, by: string[]): Promise<RollupGroup[]> {
    const groupBy = ['bucket_start', ...by, 'error_code'].join(', ');
    const { sql, parameters } = this.where(window, filters, by.includes('prompt_version'));
    const rows = await this.queryWithLongConcat(
      `SELECT ${groupBy}, SUM(requests) AS requests, SUM(errors) AS errors, SUM(tokens_in) AS tokens_in,
              SUM(tokens_out) AS tokens_out, SUM(cost_usd) AS cost_usd, GROUP_CONCAT(latency_histogram) AS histograms
         FROM ${sql} GROUP BY ${groupBy}`,
      parameters,
    );
    return rows.map((row) => ({
      bucketStart: readDate(row.bucket_start),
      promptVersion: Number(row.prompt_version ?? 0),
      errorCode: String(row.error_code),
      requests: Number(row.requests),
      errors: Number(row.errors),
      tokensIn: Number(row.tokens_in),
      tokensOut: Number(row.tokens_out),
      costUsd: Number(row.cost_usd),
      histograms: JSON.parse(`[${String(row.histograms)}]`) as number[][],
    }));
  }

  /** Requests, errors and cost per prompt: a second scan, cheaper than grouping the histograms by prompt. */
  private async sumsByPrompt(window: Window, filters: Array<[string, unknown]>): Promise<PromptSums[]> {
    const { table, conditions, parameters } = this.where(window, filters);
    // MariaDB would walk the (prompt_name, bucket_start) index for the grouping's order and look
    // up every row: about 2.5 times slower than a scan and a temporary table.
    const hint =
      this.dataSource.options.type === 'mysql' && !filters.some(([column]) => column === 'prompt_name')
        ? `IGNORE INDEX FOR GROUP BY (IDX_${table}_prompt_bucket)`
        : '';
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT prompt_name, SUM(requests) AS requests, SUM(errors) AS errors, SUM(cost_usd) AS cost_usd
         FROM ${table} ${hint} WHERE ${conditions} GROUP BY prompt_name`,
      parameters,
    );
    return rows.map((row) => ({
      prompt: String(row.prompt_name),
      requests: Number(row.requests),
      errors: Number(row.errors),
      costUsd: Number(row.cost_usd),
    }));
  }

  private where(window: Window, filters: Array<[string, unknown]>, versions = false) {
    // Filtered by nothing finer than the prompt, hours come from the table keyed by prompt alone.
    const coarse = filters.every(([column]) => column === 'kind' || column === 'prompt_name');
    const table =
      window.granularity === 'minute'
        ? 'metric_rollups_minute'
        : coarse && !versions
          ? 'metric_rollups_hour_prompt'
          : 'metric_rollups_hour';
    const conditions = ['bucket_start >= ?', 'bucket_start < ?', ...filters.map(([column]) => `${column} = ?`)];
    return {
      table,
      conditions: conditions.join(' AND '),
      sql: `${table} WHERE ${conditions.join(' AND ')}`,
      parameters: [
        sqlDate(this.dataSource, window.from),
        sqlDate(this.dataSource, window.to),
        ...filters.map(([, value]) => value),
      ],
    };
  }

  /** MySQL cuts GROUP_CONCAT at 1 KB by default; the session that runs the query lifts the limit. */
  private async queryWithLongConcat(sql: string, parameters: unknown[]): Promise<Array<Record<string, unknown>>> {
    if (this.dataSource.options.type !== 'mysql') return this.dataSource.query(sql, parameters);
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      await runner.query('SET SESSION group_concat_max_len = 1073741824');
      return await runner.query(sql, parameters);
    } finally {
      await runner.release();
    }
  }
}

const money = (usd: number): number => Number(usd.toFixed(10));
