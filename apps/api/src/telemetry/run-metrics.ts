import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { RunKind, RunSource } from '@promptops/shared';

/** What the counters read of an ended run: the run log hands its own input and outcome, which have these fields. */
export interface ObservedRun {
  kind?: RunKind;
  source: RunSource;
  promptName: string | null;
  promptVersion: number | null;
  environment?: string | null;
  model: string;
  provider: string;
}

export interface ObservedOutcome {
  status: string;
  latencyMs?: number | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  costUsd?: number | null;
}

/** Seconds; model calls take from tens of milliseconds (cached, small) to minutes (long reasoning). */
export const MODEL_CALL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];

/** What a label takes when its set would go past METRICS_MAX_SERIES. */
export const OVERFLOW_LABEL = 'other';

/** Seconds; serving calls range from a sub-millisecond render to a long model call. */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

const HTTP_LABELS = ['method', 'route', 'status'] as const;
const MODEL_LABELS = ['prompt', 'version', 'environment', 'model', 'provider', 'status', 'source'] as const;
const FLOW_LABELS = ['flow', 'version', 'environment', 'status', 'source'] as const;

/** The metric children of one label set, resolved once. */
interface ModelSeries {
  calls: Counter.Internal;
  duration: Histogram.Internal<string>;
  inputTokens: Counter.Internal;
  outputTokens: Counter.Internal;
  cost: Counter.Internal;
}

interface HttpSeries {
  requests: Counter.Internal;
  duration: Histogram.Internal<string>;
}

interface FlowSeries {
  runs: Counter.Internal;
  duration: Histogram.Internal<string>;
}

/**
 * Prometheus counters of ended runs (and of serving calls, see observeHttp), in a registry of
 * this process's own (with Node's default process metrics). RunLog hands it every run that ends, model calls and flow runs alike, so
 * every caller (run API, webhooks, Playground, flows, experiments) is counted in one place.
 *
 * Labels never name a user or an API key. Each metric holds at most METRICS_MAX_SERIES label
 * sets (prompt, version, environment, model, provider, status, source); a run whose set would
 * be a new one past that is counted under prompt="other", version="other" and model="other"
 * with its own environment, provider, status and source (operators define those, so they
 * stay few). Label children are resolved once per set and cached, so a run costs a map look-up
 * and a few additions.
 */
@Injectable()
export class RunMetrics {
  readonly registry = new Registry();
  readonly enabled: boolean;
  private readonly maxSeries: number;
  private readonly calls: Counter<string>;
  private readonly duration: Histogram<string>;
  private readonly tokens: Counter<string>;
  private readonly cost: Counter<string>;
  private readonly flowRuns: Counter<string>;
  private readonly flowDuration: Histogram<string>;
  private readonly modelSeries = new Map<string, ModelSeries>();
  private readonly overflowSeries = new Map<string, ModelSeries>();
  private readonly flowSeries = new Map<string, FlowSeries>();
  private readonly httpRequests: Counter<string>;
  private readonly httpDuration: Histogram<string>;
  /** Few: a handful of serving routes times the status codes they answer. */
  private readonly httpSeries = new Map<string, HttpSeries>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.enabled = config.metrics.token !== undefined;
    this.maxSeries = config.metrics.maxSeries;
    const registers = [this.registry];
    this.calls = new Counter({
      name: 'promptops_model_calls_total',
      help: 'Model calls that ended, by prompt version, environment, model, provider, status and source.',
      labelNames: MODEL_LABELS,
      registers,
    });
    this.duration = new Histogram({
      name: 'promptops_model_call_duration_seconds',
      help: 'How long model calls took, from the request to the last token.',
      labelNames: MODEL_LABELS,
      buckets: MODEL_CALL_BUCKETS,
      registers,
    });
    this.tokens = new Counter({
      name: 'promptops_tokens_total',
      help: 'Tokens sent to (input) and received from (output) models, as the provider reported them or estimated.',
      labelNames: [...MODEL_LABELS, 'direction'],
      registers,
    });
    this.cost = new Counter({
      name: 'promptops_cost_usd_total',
      help: 'What model calls cost in US dollars, at the prices configured for their models.',
      labelNames: MODEL_LABELS,
      registers,
    });
    this.flowRuns = new Counter({
      name: 'promptops_flow_runs_total',
      help: 'Flow runs that ended (their steps are counted as model calls).',
      labelNames: FLOW_LABELS,
      registers,
    });
    this.flowDuration = new Histogram({
      name: 'promptops_flow_run_duration_seconds',
      help: 'How long flow runs took, all steps included.',
      labelNames: FLOW_LABELS,
      buckets: MODEL_CALL_BUCKETS,
      registers,
    });
    this.httpRequests = new Counter({
      name: 'promptops_http_requests_total',
      help: 'Serving calls answered (run, render, webhooks, flow execute), by route template and status code.',
      labelNames: HTTP_LABELS,
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'promptops_http_request_duration_seconds',
      help: 'How long serving calls took to answer (a streamed answer: until its end).',
      labelNames: HTTP_LABELS,
      buckets: HTTP_BUCKETS,
      registers,
    });
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts an ended run (a no-op while METRICS_TOKEN is unset). */
  observe(input: ObservedRun, outcome: ObservedOutcome): void {
    if (!this.enabled) return;
    const seconds = (outcome.latencyMs ?? 0) / 1000;
    if (input.kind === 'flow') {
      const series = this.flowSeriesOf(input, outcome.status);
      series.runs.inc();
      series.duration.observe(seconds);
      return;
    }
    const series = this.modelSeriesOf(input, outcome.status);
    series.calls.inc();
    series.duration.observe(seconds);
    if (outcome.promptTokens) series.inputTokens.inc(outcome.promptTokens);
    if (outcome.completionTokens) series.outputTokens.inc(outcome.completionTokens);
    if (outcome.costUsd) series.cost.inc(outcome.costUsd);
  }

  /** Counts an answered serving call; `route` is the route's template, never the path (webhook secrets). */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    if (!this.enabled) return;
    const key = `${method} ${route} ${status}`;
    let series = this.httpSeries.get(key);
    if (!series) {
      const values = [method, route, String(status)];
      series = { requests: this.httpRequests.labels(...values), duration: this.httpDuration.labels(...values) };
      this.httpSeries.set(key, series);
    }
    series.requests.inc();
    series.duration.observe(seconds);
  }

  /**
   * The text a scraper reads. prom-client writes a value that is not a number as `Nan` (e.g. the
   * event-loop lag before its first sample); the exposition format spells it `NaN`, and strict
   * parsers refuse anything else.
   */
  async scrape(): Promise<string> {
    return (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private modelSeriesOf(input: ObservedRun, status: string): ModelSeries {
    const prompt = input.promptName ?? '';
    const version = input.promptVersion === null ? '' : String(input.promptVersion);
    const environment = input.environment ?? '';
    const key = `${prompt}\u0001${version}\u0001${environment}\u0001${input.model}\u0001${input.provider}\u0001${status}\u0001${input.source}`;
    const known = this.modelSeries.get(key);
    if (known) return known;
    if (this.modelSeries.size < this.maxSeries) {
      const series = this.resolveModelSeries([
        prompt,
        version,
        environment,
        input.model,
        input.provider,
        status,
        input.source,
      ]);
      this.modelSeries.set(key, series);
      return series;
    }
    const overflowKey = `${environment}\u0001${input.provider}\u0001${status}\u0001${input.source}`;
    let overflow = this.overflowSeries.get(overflowKey);
    if (!overflow) {
      overflow = this.resolveModelSeries([
        OVERFLOW_LABEL,
        OVERFLOW_LABEL,
        environment,
        OVERFLOW_LABEL,
        input.provider,
        status,
        input.source,
      ]);
      this.overflowSeries.set(overflowKey, overflow);
    }
    return overflow;
  }

  private resolveModelSeries(values: string[]): ModelSeries {
    return {
      calls: this.calls.labels(...values),
      duration: this.duration.labels(...values),
      inputTokens: this.tokens.labels(...values, 'input'),
      outputTokens: this.tokens.labels(...values, 'output'),
      cost: this.cost.labels(...values),
    };
  }

  private flowSeriesOf(input: ObservedRun, status: string): FlowSeries {
    let flow = input.promptName ?? '';
    let version = input.promptVersion === null ? '' : String(input.promptVersion);
    const environment = input.environment ?? '';
    let key = `${flow}\u0001${version}\u0001${environment}\u0001${status}\u0001${input.source}`;
    const known = this.flowSeries.get(key);
    if (known) return known;
    if (this.flowSeries.size >= this.maxSeries) {
      flow = OVERFLOW_LABEL;
      version = OVERFLOW_LABEL;
      key = `\u0002${environment}\u0001${status}\u0001${input.source}`;
      const overflow = this.flowSeries.get(key);
      if (overflow) return overflow;
    }
    const values = [flow, version, environment, status, input.source];
    const series = { runs: this.flowRuns.labels(...values), duration: this.flowDuration.labels(...values) };
    this.flowSeries.set(key, series);
    return series;
  }
}
