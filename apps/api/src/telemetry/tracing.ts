import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  Attributes,
  context,
  Context,
  defaultTextMapGetter,
  ROOT_CONTEXT,
  Span,
  SpanKind,
  SpanStatusCode,
  trace,
  Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DomainError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** The model call a span describes (what the run core knows before the call). */
export interface ModelCallSpanInput {
  runId: number;
  providerKind: string;
  provider: string;
  model: string;
  prompt: string | null;
  version: number | null;
  environment: string | null | undefined;
  temperature?: number | null;
  maxTokens?: number | null;
}

/** How a model call ended, for its span. */
export interface ModelCallSpanOutcome {
  inputTokens?: number | null;
  outputTokens?: number | null;
  finishReason?: string | null;
  error?: unknown;
}

let contextManagerSet = false;

/**
 * OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set:
 * a span per serving call, continuing the caller's W3C `traceparent`, and a child span per model
 * call with the GenAI semantic-convention attributes, exported over OTLP/HTTP as JSON.
 *
 * Each app has its own tracer provider (not the global one), so that a process hosting several
 * apps (tests) traces only those configured to. When off, callers check `enabled` and skip all
 * span work: the run path pays one property read.
 */
@Injectable()
export class Tracing implements OnModuleDestroy {
  readonly enabled: boolean;
  private readonly provider?: BasicTracerProvider;
  private readonly tracer?: Tracer;
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { tracesUrl, headers, serviceName } = config.tracing;
    this.enabled = tracesUrl !== undefined;
    if (!tracesUrl) return;
    if (!contextManagerSet) {
      // Spans started in a callback see the serving span as their parent, across awaits.
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      contextManagerSet = true;
    }
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl, headers }))],
    });
    this.tracer = this.provider.getTracer('promptops');
  }

  /**
   * Runs `work` inside a server span named `name` (e.g. `POST /api/v1/run/{name}`), a child of
   * the caller's `traceparent` when it sent one; the span ends when `work` settles.
   */
  async serve<T>(
    name: string,
    headers: IncomingHttpHeaders,
    attributes: Attributes,
    work: () => Promise<T>,
    statusCode: () => number | undefined,
  ): Promise<T> {
    const span = this.startServerSpan(name, headers, attributes);
    if (!span) return work();
    try {
      const result = await context.with(trace.setSpan(context.active(), span), work);
      this.endServerSpan(span, statusCode());
      return result;
    } catch (error) {
      this.endServerSpan(span, error instanceof DomainError ? error.status : 500, error);
      throw error;
    }
  }

  /** A server span continuing the caller's trace (undefined when tracing is off). */
  startServerSpan(name: string, headers: IncomingHttpHeaders, attributes: Attributes): Span | undefined {
    if (!this.tracer) return undefined;
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    return this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  }

  /** The context in which work belongs to `span`. */
  contextWith(span: Span): Context {
    return trace.setSpan(context.active(), span);
  }

  endServerSpan(span: Span, statusCode: number | undefined, error?: unknown): void {
    if (statusCode !== undefined) span.setAttribute('http.response.status_code', statusCode);
    if (error !== undefined || (statusCode ?? 0) >= 500) setError(span, error);
    span.end();
  }

  /** A client span for one model call, a child of the active (serving) span; undefined when off. */
  startModelCall(call: ModelCallSpanInput): Span | undefined {
    if (!this.tracer) return undefined;
    const attributes: Attributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': call.providerKind,
      'gen_ai.provider.name': call.providerKind,
      'gen_ai.request.model': call.model,
      'promptops.provider': call.provider,
      'promptops.run.id': call.runId,
    };
    if (call.temperature !== undefined && call.temperature !== null) {
      attributes['gen_ai.request.temperature'] = call.temperature;
    }
    if (call.maxTokens !== undefined && call.maxTokens !== null)
      attributes['gen_ai.request.max_tokens'] = call.maxTokens;
    if (call.prompt !== null) attributes['promptops.prompt.name'] = call.prompt;
    if (call.version !== null) attributes['promptops.prompt.version'] = call.version;
    if (call.environment) attributes['promptops.environment'] = call.environment;
    return this.tracer.startSpan(`chat ${call.model}`, { kind: SpanKind.CLIENT, attributes });
  }

  endModelCall(span: Span | undefined, outcome: ModelCallSpanOutcome): void {
    if (!span) return;
    if (typeof outcome.inputTokens === 'number') span.setAttribute('gen_ai.usage.input_tokens', outcome.inputTokens);
    if (typeof outcome.outputTokens === 'number') span.setAttribute('gen_ai.usage.output_tokens', outcome.outputTokens);
    if (outcome.finishReason) span.setAttribute('gen_ai.response.finish_reasons', [outcome.finishReason]);
    if (outcome.error !== undefined) setError(span, outcome.error);
    span.end();
  }

  /** Exports the spans ended so far (tests, shutdown). */
  async flush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  async onModuleDestroy(): Promise<void> {
    await this.provider?.shutdown();
  }
}

function setError(span: Span, error: unknown): void {
  const type = error instanceof DomainError ? error.code : error instanceof Error ? error.name : 'error';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
}
