import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Span } from '@opentelemetry/api';
import { costOf, ErrorCode, ModelConfig } from '@promptops/shared';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/problem/domain.error';
import { CallAbortedError } from '../gateway/gateway.errors';
import { GatewayService } from '../gateway/gateway.service';
import { ChatMessage, ChatRequest, ChatResult, ChatUsage } from '../gateway/gateway.types';
import { estimatePromptTokens, estimateTextTokens } from '../gateway/token-estimator';
import { RedactionCounts, TokenVault } from '../privacy/engine/redaction-engine';
import { blockAsMask, isActive, redactMessages, redactValue } from '../privacy/policy-redaction';
import { PiiBlockedError } from '../privacy/privacy.errors';
import { PrivacyPoliciesService } from '../privacy/privacy-policies.service';
import { RedactionAudit } from '../privacy/redaction-audit';
import { ProvidersService, ResolvedModel } from '../providers/providers.service';
import { Tracing } from '../telemetry/tracing';
import { RenderingService, RenderSource } from '../templates/rendering.service';
import { InFlightRun, InFlightRuns } from './in-flight-runs';
import { chatMessages, chatRole, runParameters } from './run-plan';
import { RunInput, RunLog, RunOutcome } from './run-log';
import type { RunSource } from '@promptops/shared';
import { RunMessage, RunParameters } from './run.entity';
import { ModelNotConfiguredError, ShuttingDownError } from './runs.errors';

/** A run logged as failed: its id, and what the part of the answer that had arrived cost. */
export interface FailedRun {
  runId: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}

/** The logged run behind an error a run threw, so that a caller can link to it. */
const failedRuns = new WeakMap<object, FailedRun>();

/** The id of the run (logged as failed) that threw `error`, if it got that far. */
export function runIdOf(error: unknown): number | null {
  return failedRunOf(error)?.runId ?? null;
}

/** The run (logged as failed) that threw `error`, if it got that far. */
export function failedRunOf(error: unknown): FailedRun | null {
  return typeof error === 'object' && error !== null ? (failedRuns.get(error) ?? null) : null;
}

export type ResolvedBy = 'environment' | 'version' | 'latest' | 'debug';

/** What a caller asks to run: a prompt version to render, or messages already rendered (a re-run). */
export interface RunRequest {
  source: RunSource;
  prompt: string | null;
  version: number | null;
  environment?: string | null;
  resolvedBy?: ResolvedBy;
  /** The version's content, rendered with `variables`… */
  render?: RenderSource;
  variables: Record<string, unknown>;
  /** …or these messages, sent as they are. */
  messages?: RunMessage[];
  /** The provider, model and parameters to use: the version's, with the caller's choices applied. */
  modelConfig: ModelConfig & RunParameters;
  /** Parameters given for this call; the rest come from `modelConfig`. */
  parameters?: Partial<RunParameters>;
  userId?: number | null;
  apiKeyId?: number | null;
  rerunOfId?: number | null;
  /** The flow run this call is a step of, and which step. */
  parentRunId?: number | null;
  stepId?: string | null;
  /** The rollout and arm the version was served under. */
  rolloutId?: number | null;
  rolloutVariant?: string | null;
}

/** A run checked and ready: the model, the messages to send and what the log will say. */
export interface RunPlan {
  resolved: ResolvedModel;
  messages: ChatMessage[];
  parameters: RunParameters;
  log: RunInput;
  resolvedBy?: ResolvedBy;
  /** The placeholders `tokenize` handed out, to restore in the answer. */
  vault: TokenVault;
  /** Values redacted per entity type (`{EMAIL: 2}`). */
  redactions: RedactionCounts;
  /** Entity types found that the policy blocks: the run is refused (422) without a model call. */
  blocked: string[];
}

/** The answer to a run (and the `done` event of a streamed one). */
export interface RunAnswer {
  runId: number;
  output: string;
  usage: ChatUsage;
  costUsd: number | null;
  latencyMs: number;
  ttftMs: number | null;
  finishReason: string;
  provider: string;
  model: string;
  /** The prompt version that was run, if any. */
  version: number | null;
  /** The environment whose deployment was run, if any. */
  environment: string | null;
  resolvedBy?: ResolvedBy;
  /** Serving paths: the rollout arm served (`baseline`, `candidate`…), null outside a rollout. */
  rolloutVariant?: string | null;
  /** The messages as sent to the model: redacted by the privacy policy. */
  renderedMessages: ChatMessage[];
  /** Values redacted before the call, per entity type (`{EMAIL: 2}`); counts only. */
  redactions: RedactionCounts;
}

/** A streamed run: `start`, `delta`…, then `done` or `error` (the error as thrown). */
export type RunEvent =
  | { type: 'start'; runId: number }
  | { type: 'delta'; text: string }
  | { type: 'done'; answer: RunAnswer }
  | { type: 'error'; error: unknown };

/**
 * The one way anything in PromptOps runs a prompt on a model — the run API, webhooks, the
 * Playground, and flows and experiments after them: plan (model, parameters, rendering, all
 * checked before any call) → gateway call → usage and cost → run log. It answers with a result
 * or a stream of events and knows nothing of HTTP; thin adapters (run-replies.ts) answer JSON
 * or server-sent events.
 *
 * A run is logged once it has ended, and its answer is given only after that write is
 * committed; runs under way are listed from InFlightRuns. On shutdown, new runs are refused,
 * those under way get SHUTDOWN_GRACE_MS to end, the rest are aborted and logged as aborted.
 */
@Injectable()
export class RunCore implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RunCore.name);
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateway: GatewayService,
    private readonly providers: ProvidersService,
    private readonly rendering: RenderingService,
    private readonly log: RunLog,
    private readonly inFlight: InFlightRuns,
    private readonly tracing: Tracing,
    private readonly privacy: PrivacyPoliciesService,
    private readonly redactionAudit: RedactionAudit,
  ) {}

  /** Everything a run needs, checked before any model is called. */
  async plan(request: RunRequest): Promise<RunPlan> {
    if (this.closing) throw new ShuttingDownError();
    const { provider, model } = request.modelConfig;
    if (!provider || !model) throw new ModelNotConfiguredError(request.prompt, request.version);
    const resolved = await this.providers.resolve(provider, model);
    let messages: ChatMessage[];
    let variables = request.variables;
    if (request.render) {
      const rendered = await this.rendering.render(request.render, request.variables);
      messages = chatMessages(rendered);
      variables = rendered.variables;
    } else {
      messages = (request.messages ?? []).map((m) => ({ role: chatRole(m.role), content: m.content }));
    }
    const parameters = runParameters(request.parameters ?? {}, request.modelConfig);
    // Redacted after rendering, so that what a template builds from a variable is redacted too;
    // the log keeps only what was sent, never the original values.
    const vault = new TokenVault();
    let input: RunMessage[] = request.messages ?? messages;
    let redactions: RedactionCounts = {};
    let blocked: string[] = [];
    const policy = await this.privacy.effective(request.prompt, request.environment);
    if (isActive(policy)) {
      const redacted = redactMessages(messages, policy, vault);
      blocked = redacted.blocked;
      redactions = redacted.counts;
      // A refused run is logged with what it would have sent, its blocked values masked.
      const applied = blocked.length > 0 ? blockAsMask(policy) : policy;
      messages = blocked.length > 0 ? redactMessages(messages, applied, vault).messages : redacted.messages;
      input = request.messages ? redactMessages(request.messages, applied, vault).messages : messages;
      variables = redactValue(variables, applied, vault) as Record<string, unknown>;
      if (Object.keys(redactions).length > 0) {
        this.redactionAudit.note({
          prompt: request.prompt,
          environment: request.environment ?? null,
          source: request.source,
          counts: redactions,
          blocked: blocked.length > 0,
        });
      }
    }
    return {
      resolved,
      messages,
      parameters,
      resolvedBy: request.resolvedBy,
      vault,
      redactions,
      blocked,
      log: {
        source: request.source,
        promptName: request.prompt,
        promptVersion: request.version,
        environment: request.environment ?? null,
        variables,
        input,
        provider,
        model,
        parameters,
        userId: request.userId ?? null,
        apiKeyId: request.apiKeyId ?? null,
        rerunOfId: request.rerunOfId ?? null,
        parentRunId: request.parentRunId ?? null,
        stepId: request.stepId ?? null,
        rolloutId: request.rolloutId ?? null,
        rolloutVariant: request.rolloutVariant ?? null,
        redactions: Object.keys(redactions).length > 0 ? redactions : null,
      },
    };
  }

  /** Runs a plan and answers once the model has and the run is logged. */
  async run(plan: RunPlan, signal?: AbortSignal): Promise<RunAnswer> {
    if (plan.blocked.length > 0) return this.refuse(plan);
    const flight = await this.begin(plan, signal);
    const started = performance.now();
    const span = this.tracing.enabled ? this.startSpan(plan, flight.id) : undefined;
    try {
      const result = await this.gateway.complete(this.chatRequest(plan, flight));
      return this.traced(span, await this.succeed(flight, plan, result));
    } catch (error) {
      throw this.tracedError(span, await this.fail(flight, plan, started, error));
    } finally {
      this.inFlight.remove(flight.id);
    }
  }

  /** Runs a plan, streaming its answer as events; the events end with `done` or `error`. */
  async *stream(plan: RunPlan, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    // Thrown before the first event, so that the caller answers 422 rather than a stream.
    if (plan.blocked.length > 0) await this.refuse(plan);
    const flight = await this.begin(plan, signal);
    const events = new EventQueue<RunEvent>();
    events.push({ type: 'start', runId: flight.id });
    const started = performance.now();
    const span = this.tracing.enabled ? this.startSpan(plan, flight.id) : undefined;
    // Placeholders are restored as the deltas arrive, even one split across chunks.
    const restorer = plan.vault.size > 0 ? plan.vault.streamRestorer() : null;
    const flushRestorer = () => {
      const rest = restorer?.flush();
      if (rest) events.push({ type: 'delta', text: rest });
    };
    const work = this.gateway
      .stream(this.chatRequest(plan, flight), (text) => {
        flight.output += text;
        const restored = restorer ? restorer.push(text) : text;
        if (restored) events.push({ type: 'delta', text: restored });
      })
      .then(
        async (result) => {
          flushRestorer();
          events.push({ type: 'done', answer: this.traced(span, await this.succeed(flight, plan, result)) });
        },
        async (error: unknown) => {
          flushRestorer();
          events.push({ type: 'error', error: this.tracedError(span, await this.fail(flight, plan, started, error)) });
        },
      )
      .catch((error: unknown) => events.push({ type: 'error', error }))
      .finally(() => {
        this.inFlight.remove(flight.id);
        events.end();
      });
    try {
      yield* events;
    } finally {
      // The consumer stopped early (its client went away): the call is aborted through
      // `signal`; it is logged before this returns.
      await work;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.inFlight.size > 0) {
      this.logger.log(`Waiting up to ${this.config.shutdownGraceMs} ms for ${this.inFlight.size} run(s) to end`);
      if (!(await this.inFlight.whenIdle(this.config.shutdownGraceMs))) {
        this.logger.warn(`Aborting ${this.inFlight.size} run(s) still under way`);
        this.inFlight.abortAll();
        await this.inFlight.whenIdle(5_000);
      }
    }
    await this.log.drained();
  }

  /** Logs a run the privacy policy refused (its blocked values masked) and throws PII_BLOCKED. */
  private async refuse(plan: RunPlan): Promise<never> {
    const flight = await this.begin(plan, undefined);
    try {
      throw await this.fail(flight, plan, performance.now(), new PiiBlockedError(plan.blocked));
    } finally {
      this.inFlight.remove(flight.id);
    }
  }

  private async begin(plan: RunPlan, signal: AbortSignal | undefined): Promise<InFlightRun> {
    if (this.closing) throw new ShuttingDownError();
    const id = await this.log.nextId();
    return this.inFlight.add(id, plan.log, signal);
  }

  /** The model call's span, a child of the serving call's (tracing on only). */
  private startSpan(plan: RunPlan, runId: number): Span | undefined {
    return this.tracing.startModelCall({
      runId,
      providerKind: plan.resolved.connection.kind,
      provider: plan.log.provider,
      model: plan.log.model,
      prompt: plan.log.promptName,
      version: plan.log.promptVersion,
      environment: plan.log.environment,
      temperature: plan.parameters.temperature,
      maxTokens: plan.parameters.maxTokens,
    });
  }

  private traced(span: Span | undefined, answer: RunAnswer): RunAnswer {
    this.tracing.endModelCall(span, {
      inputTokens: answer.usage.promptTokens,
      outputTokens: answer.usage.completionTokens,
      finishReason: answer.finishReason,
    });
    return answer;
  }

  private tracedError(span: Span | undefined, error: unknown): unknown {
    this.tracing.endModelCall(span, { error });
    return error;
  }

  private chatRequest(plan: RunPlan, flight: InFlightRun): ChatRequest {
    return {
      connection: plan.resolved.connection,
      model: plan.resolved.model,
      messages: plan.messages,
      ...plan.parameters,
      signal: flight.controller.signal,
    };
  }

  private async succeed(flight: InFlightRun, plan: RunPlan, result: ChatResult): Promise<RunAnswer> {
    const { price } = plan.resolved;
    const costUsd = price ? costOf(price, result.usage.promptTokens, result.usage.completionTokens) : null;
    await this.record(flight, {
      status: 'success',
      output: result.text,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      usageEstimated: result.usage.estimated,
      costUsd,
      latencyMs: result.latencyMs,
      ttftMs: result.ttftMs,
    });
    return {
      runId: flight.id,
      // The log keeps the answer as the model gave it (placeholders); the caller gets the originals.
      output: plan.vault.size > 0 ? plan.vault.restore(result.text) : result.text,
      usage: result.usage,
      costUsd,
      latencyMs: result.latencyMs,
      ttftMs: result.ttftMs,
      finishReason: result.finishReason,
      provider: plan.log.provider,
      model: plan.log.model,
      version: plan.log.promptVersion,
      environment: plan.log.environment ?? null,
      ...(plan.resolvedBy ? { resolvedBy: plan.resolvedBy, rolloutVariant: plan.log.rolloutVariant ?? null } : {}),
      renderedMessages: plan.messages,
      redactions: plan.redactions,
    };
  }

  /**
   * Logs what went wrong, and what the part of the answer that had arrived cost (estimated);
   * returns the error to report (a shutdown's abort is reported as such, not as the client's).
   */
  private async fail(flight: InFlightRun, plan: RunPlan, started: number, thrown: unknown): Promise<unknown> {
    const error = flight.abortedByShutdown ? new ShuttingDownError() : thrown;
    if (!(error instanceof DomainError)) {
      this.logger.error(`Run ${flight.id} failed`, error instanceof Error ? error.stack : String(error));
    }
    const partialOutput = flight.output;
    const partial = partialOutput
      ? {
          promptTokens: estimatePromptTokens(plan.messages),
          completionTokens: estimateTextTokens(partialOutput),
          usageEstimated: true,
        }
      : {};
    const costUsd =
      partial.promptTokens !== undefined && plan.resolved.price
        ? costOf(plan.resolved.price, partial.promptTokens, partial.completionTokens)
        : null;
    await this.record(flight, {
      status: error instanceof CallAbortedError || flight.abortedByShutdown ? 'aborted' : 'error',
      output: partialOutput || null,
      ...partial,
      costUsd,
      latencyMs: Math.round(performance.now() - started),
      errorCode: error instanceof DomainError ? error.code : ErrorCode.INTERNAL_ERROR,
      errorMessage: error instanceof DomainError ? error.detail : 'An unexpected error occurred',
    });
    if (typeof error === 'object' && error !== null) {
      failedRuns.set(error, {
        runId: flight.id,
        promptTokens: partial.promptTokens ?? 0,
        completionTokens: partial.completionTokens ?? 0,
        costUsd,
      });
    }
    return error;
  }

  private record(flight: InFlightRun, outcome: RunOutcome): Promise<void> {
    return this.log.write(flight.id, flight.startedAt, flight.input, outcome);
  }
}

/** Events pushed by a callback, read with `for await`. */
class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  push(item: T): void {
    this.items.push(item);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      while (this.items.length > 0) yield this.items.shift() as T;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }
}
