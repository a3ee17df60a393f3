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
import { LatencyHistogram, mergeHistogram, parseHistogram, percentiles } from './latency-histogram';
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
  histogram: LatencyHistogram = {};
  errorsByCode = new Map<string, number>();

  add(row: RollupReadRow, histogram: LatencyHistogram): void {
    this.requests += row.requests;
    this.errors += row.errors;
    this.tokensIn += row.tokensIn;
    this.tokensOut += row.tokensOut;
    this.costUsd += row.costUsd;
    mergeHistogram(this.histogram, histogram);
    if (row.errors > 0) this.errorsByCode.set(row.errorCode, (this.errorsByCode.get(row.errorCode) ?? 0) + row.errors);
  }

  totals(): MetricTotalsDto {
    const [p50Ms, p95Ms, p99Ms] = percentiles(this.histogram, PERCENTILES);
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

interface RollupReadRow {
  bucketStart: number;
  promptName: string;
  promptVersion: number;
  errorCode: string;
  requests: number;
  errors: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  histogram: string;
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
    const [rows, rolledUpUntil] = await Promise.all([this.read(window, filters), this.rollups.watermark()]);

    const total = new Accumulator();
    const steps = new Map<number, Accumulator>();
    const days = new Map<number, number>();
    const prompts = new Map<string, { requests: number; errors: number; costUsd: number }>();
    for (const row of rows) {
      const histogram = parseHistogram(row.histogram);
      total.add(row, histogram);
      const step = floorTo(row.bucketStart, window.stepMs);
      let point = steps.get(step);
      if (!point) steps.set(step, (point = new Accumulator()));
      point.add(row, histogram);
      const day = floorTo(row.bucketStart, DAY_MS);
      days.set(day, (days.get(day) ?? 0) + row.costUsd);
      const prompt = prompts.get(row.promptName) ?? { requests: 0, errors: 0, costUsd: 0 };
      prompt.requests += row.requests;
      prompt.errors += row.errors;
      prompt.costUsd += row.costUsd;
      prompts.set(row.promptName, prompt);
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
    const top: TopPromptDto[] = [...prompts.entries()]
      .filter(([prompt]) => prompt !== '')
      .map(([prompt, p]) => ({
        prompt,
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
    const [rows, rolledUpUntil] = await Promise.all([this.read(window, filters), this.rollups.watermark()]);

    const total = new Accumulator();
    const versions = new Map<number, Accumulator>();
    const points = new Map<string, Accumulator>();
    for (const row of rows) {
      const histogram = parseHistogram(row.histogram);
      total.add(row, histogram);
      let version = versions.get(row.promptVersion);
      if (!version) versions.set(row.promptVersion, (version = new Accumulator()));
      version.add(row, histogram);
      const key = `${floorTo(row.bucketStart, window.stepMs)}:${row.promptVersion}`;
      let point = points.get(key);
      if (!point) points.set(key, (point = new Accumulator()));
      point.add(row, histogram);
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
    const minutesKept = now.getTime() - this.config.metrics.minuteRetentionDays * DAY_MS;
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

  private async read(window: Window, filters: Array<[string, unknown]>): Promise<RollupReadRow[]> {
    const table = window.granularity === 'minute' ? 'metric_rollups_minute' : 'metric_rollups_hour';
    const where = ['bucket_start >= ?', 'bucket_start < ?', ...filters.map(([column]) => `${column} = ?`)];
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT bucket_start, prompt_name, prompt_version, error_code, requests, errors, tokens_in, tokens_out,
              cost_usd, latency_histogram
         FROM ${table} WHERE ${where.join(' AND ')}`,
      [
        sqlDate(this.dataSource, window.from),
        sqlDate(this.dataSource, window.to),
        ...filters.map(([, value]) => value),
      ],
    );
    return rows.map((row) => ({
      bucketStart: readDate(row.bucket_start),
      promptName: String(row.prompt_name),
      promptVersion: Number(row.prompt_version),
      errorCode: String(row.error_code),
      requests: Number(row.requests),
      errors: Number(row.errors),
      tokensIn: Number(row.tokens_in),
      tokensOut: Number(row.tokens_out),
      costUsd: Number(row.cost_usd),
      histogram: String(row.latency_histogram),
    }));
  }
}

const money = (usd: number): number => Number(usd.toFixed(10));
