import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APICallError, embedMany, generateText, LanguageModelUsage, streamText } from 'ai';
import { DomainError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  CallAbortedError,
  ProviderAuthFailedError,
  ProviderCallError,
  ProviderRateLimitedError,
  ProviderTimeoutError,
} from './gateway.errors';
import {
  ChatMessage,
  ChatRequest,
  ChatResult,
  ChatUsage,
  EmbedRequest,
  EmbedResult,
  ProviderConnection,
} from './gateway.types';
import { apiRoot, embeddingModel, languageModel, offersEmbeddings } from './language-models';
import { completeChat, embedTexts, ModelReply, streamChat } from './openai-compatible.client';
import { providerRequest, readText } from './provider-http';
import { estimatePromptTokens, estimateTextTokens } from './token-estimator';

const MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 250;
/** A provider that asks for a longer pause than this is answered with its 429 at once. */
const MAX_RETRY_AFTER_S = 10;

interface Failure {
  error: Error;
  retryable: boolean;
  retryAfter?: number;
}

/**
 * The one way PromptOps calls models: any provider kind through the Vercel AI SDK, with a
 * timeout, retries on 429/5xx/connection errors (never once a streamed answer has begun),
 * cancellation by the caller, usage (reported or estimated) and timings, and provider failures
 * turned into problems the client can act on.
 */
@Injectable()
export class GatewayService {
  private readonly logger = new Logger(GatewayService.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // Provider warnings (a parameter a model ignores, say) are for debugging, not for stderr.
    globalThis.AI_SDK_LOG_WARNINGS = ({ warnings, provider, model }) =>
      this.logger.debug(`${provider} ${model}: ${warnings.map((w) => JSON.stringify(w)).join('; ')}`);
  }

  get timeoutMs(): number {
    return this.config.gateway.timeoutMs;
  }

  /** OpenAI-compatible servers and Ollama are spoken to directly, unless configured otherwise. */
  private direct(connection: ProviderConnection): boolean {
    return (
      this.config.gateway.client === 'direct' &&
      (connection.kind === 'openai-compatible' || connection.kind === 'ollama')
    );
  }

  /** One answer, all at once. The timeout applies to each attempt. */
  async complete(request: ChatRequest): Promise<ChatResult> {
    const started = performance.now();
    const call = new CallControl(request.signal, this.timeoutMs);
    try {
      const result = await this.withRetries(
        request.connection,
        call,
        () => false,
        (abortSignal) =>
          this.direct(request.connection) ? completeChat(request, abortSignal) : this.sdkComplete(request, abortSignal),
      );
      return {
        text: result.text,
        usage: usageOf(result.usage, request.messages, result.text),
        finishReason: result.finishReason,
        latencyMs: since(started),
        ttftMs: null,
      };
    } finally {
      call.dispose();
    }
  }

  /**
   * A streamed answer: `onDelta` receives each piece of text as it arrives. The timeout applies
   * to each attempt's wait for the first token and then to every pause between tokens, so a long
   * answer that keeps coming is never cut off. Once a token has been passed on, nothing is retried.
   */
  async stream(request: ChatRequest, onDelta: (text: string) => void): Promise<ChatResult> {
    const started = performance.now();
    const call = new CallControl(request.signal, this.timeoutMs);
    let text = '';
    let ttftMs: number | null = null;
    try {
      const { usage, finishReason } = await this.withRetries(
        request.connection,
        call,
        () => ttftMs !== null,
        (abortSignal) => {
          const onText = (piece: string) => {
            ttftMs ??= since(started);
            call.restartTimer();
            text += piece;
            onDelta(piece);
          };
          return this.direct(request.connection)
            ? streamChat(request, abortSignal, onText)
            : this.sdkStream(request, abortSignal, onText);
        },
      );
      return { text, usage: usageOf(usage, request.messages, text), finishReason, latencyMs: since(started), ttftMs };
    } finally {
      call.dispose();
    }
  }

  private async sdkComplete(request: ChatRequest, abortSignal: AbortSignal): Promise<ModelReply & { text: string }> {
    const result = await generateText({
      model: languageModel(request.connection, request.model),
      messages: request.messages,
      ...callSettings(request),
      abortSignal,
      maxRetries: 0,
    });
    return { text: result.text, usage: result.usage, finishReason: result.finishReason };
  }

  private async sdkStream(
    request: ChatRequest,
    abortSignal: AbortSignal,
    onText: (text: string) => void,
  ): Promise<ModelReply> {
    const result = streamText({
      model: languageModel(request.connection, request.model),
      messages: request.messages,
      ...callSettings(request),
      abortSignal,
      maxRetries: 0,
      // Errors arrive as stream parts and are handled below; the default handler prints them.
      onError: () => undefined,
    });
    let usage: LanguageModelUsage | undefined;
    let finishReason = 'unknown';
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta' && part.text) {
        onText(part.text);
      } else if (part.type === 'finish') {
        usage = part.totalUsage;
        finishReason = part.finishReason;
      } else if (part.type === 'error') {
        throw part.error;
      }
    }
    if (abortSignal.aborted) throw new Error('aborted');
    return { usage, finishReason };
  }

  /**
   * Embeddings of texts, one vector each, with the same timeout, retries and error mapping as
   * `complete`: OpenAI-compatible servers and Ollama directly (their `/embeddings`), the other
   * kinds through the AI SDK's `embedMany`.
   */
  async embed(request: EmbedRequest): Promise<EmbedResult> {
    const { connection } = request;
    if (!offersEmbeddings(connection.kind)) {
      throw new ProviderCallError(connection.name, `${connection.kind} providers offer no embeddings`);
    }
    const started = performance.now();
    const call = new CallControl(request.signal, this.timeoutMs);
    try {
      const result = await this.withRetries(
        connection,
        call,
        () => false,
        async (abortSignal) => {
          if (this.direct(connection)) return embedTexts(request, abortSignal);
          const answer = await embedMany({
            model: embeddingModel(connection, request.model),
            values: request.texts,
            abortSignal,
            maxRetries: 0,
          });
          return { embeddings: answer.embeddings, promptTokens: answer.usage?.tokens };
        },
      );
      return {
        embeddings: result.embeddings,
        usage:
          result.promptTokens != null
            ? { promptTokens: result.promptTokens, estimated: false }
            : { promptTokens: request.texts.reduce((sum, text) => sum + estimateTextTokens(text), 0), estimated: true },
        latencyMs: since(started),
      };
    } finally {
      call.dispose();
    }
  }

  /** The model ids a provider offers (its models endpoint), to test a connection without a model. */
  async listModels(connection: ProviderConnection, signal?: AbortSignal): Promise<string[]> {
    const call = new CallControl(signal, this.timeoutMs);
    try {
      return await this.withRetries(
        connection,
        call,
        () => false,
        async (abortSignal) => {
          const root = apiRoot(connection);
          const key = connection.apiKey ?? '';
          const headers: Record<string, string> =
            connection.kind === 'anthropic'
              ? { 'x-api-key': key, 'anthropic-version': '2023-06-01' }
              : connection.kind === 'google'
                ? { 'x-goog-api-key': key }
                : key
                  ? { authorization: `Bearer ${key}` }
                  : {};
          const response = await providerRequest(`${root}/models`, { method: 'GET', headers, signal: abortSignal });
          const body = await readText(response.body);
          if (response.status >= 300) {
            throw new APICallError({
              message: providerMessage(body) ?? `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim(),
              url: `${root}/models`,
              requestBodyValues: {},
              statusCode: response.status,
              responseHeaders: response.headers,
              responseBody: body,
            });
          }
          const json = JSON.parse(body) as { data?: { id: string }[]; models?: { name: string }[] };
          return (json.data ?? [])
            .map((m) => m.id)
            .concat((json.models ?? []).map((m) => m.name.replace(/^models\//, '')));
        },
      );
    } finally {
      call.dispose();
    }
  }

  private async withRetries<T>(
    connection: ProviderConnection,
    call: CallControl,
    hasStreamed: () => boolean,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        call.restartTimer();
        return await attempt(call.signal);
      } catch (error) {
        const failure = this.classify(error, connection, call);
        const tooLong = failure.retryAfter !== undefined && failure.retryAfter > MAX_RETRY_AFTER_S;
        if (!failure.retryable || tooLong || hasStreamed() || n >= MAX_ATTEMPTS) throw failure.error;
        const delayMs =
          failure.retryAfter !== undefined
            ? failure.retryAfter * 1000
            : BASE_DELAY_MS * 2 ** (n - 1) + Math.random() * BASE_DELAY_MS;
        this.logger.warn(
          `${connection.name}: ${failure.error.message}; retrying in ${Math.round(delayMs)} ms (attempt ${n + 1} of ${MAX_ATTEMPTS})`,
        );
        try {
          call.stopTimer();
          await sleep(delayMs, undefined, { signal: call.signal });
        } catch (sleepError) {
          throw this.classify(sleepError, connection, call).error;
        }
      }
    }
  }

  private classify(error: unknown, connection: ProviderConnection, call: CallControl): Failure {
    if (call.callerAborted) return { error: new CallAbortedError(), retryable: false };
    if (call.timedOut) return { error: new ProviderTimeoutError(connection.name, call.timeoutMs), retryable: false };
    if (error instanceof DomainError) return { error, retryable: false };
    const name = connection.name;
    if (APICallError.isInstance(error)) {
      const message = scrub(error.message, connection);
      const status = error.statusCode;
      if (status === undefined) {
        return { error: new ProviderCallError(name, message), retryable: error.isRetryable };
      }
      if (status === 401 || status === 403)
        return { error: new ProviderAuthFailedError(name, message), retryable: false };
      if (status === 429) {
        const retryAfter = retryAfterSeconds(error.responseHeaders);
        return { error: new ProviderRateLimitedError(name, message, retryAfter), retryable: true, retryAfter };
      }
      return { error: new ProviderCallError(name, message, status), retryable: status === 408 || status >= 500 };
    }
    // Anything else (a malformed answer, a stream cut off mid-way, an unknown model id) is the
    // provider's failure to answer usefully.
    // Node's fetch wraps connection errors (in `cause`); undici's client throws them as they are.
    const withCode = error as {
      code?: unknown;
      message?: unknown;
      cause?: { code?: unknown; message?: unknown };
    } | null;
    const cause = typeof withCode?.code === 'string' ? withCode : withCode?.cause;
    if (typeof cause?.code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|UND_ERR)/.test(cause.code)) {
      const reason = typeof cause.message === 'string' ? cause.message : cause.code;
      return {
        error: new ProviderCallError(name, `the connection failed (${scrub(reason, connection)})`),
        retryable: true,
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { error: new ProviderCallError(name, scrub(message, connection)), retryable: false };
  }
}

/** Links the caller's signal and the timeout into the one signal a call is made with. */
class CallControl {
  private readonly controller = new AbortController();
  private timer?: NodeJS.Timeout;
  timedOut = false;

  constructor(
    private readonly caller: AbortSignal | undefined,
    readonly timeoutMs: number,
  ) {
    if (caller?.aborted) this.controller.abort();
    caller?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.restartTimer();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get callerAborted(): boolean {
    return this.caller?.aborted === true;
  }

  restartTimer(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.timeoutMs);
  }

  /** Waiting between attempts is ours, not the provider's: it does not count against the timeout. */
  stopTimer(): void {
    clearTimeout(this.timer);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }

  // A plain abort (no custom reason) so that fetch and the SDK recognise it as an AbortError.
  private readonly onCallerAbort = () => this.controller.abort();
}

function callSettings(request: ChatRequest) {
  return {
    // System messages come from the operator's own templates; variables only fill in content.
    allowSystemInMessages: true,
    temperature: request.temperature,
    maxOutputTokens: request.maxTokens,
    topP: request.topP,
    stopSequences: request.stop?.length ? request.stop : undefined,
  };
}

function usageOf(usage: ModelReply['usage'], messages: ChatMessage[], output: string): ChatUsage {
  const promptTokens = usage?.inputTokens;
  const completionTokens = usage?.outputTokens;
  if (promptTokens != null && completionTokens != null) return { promptTokens, completionTokens, estimated: false };
  return {
    promptTokens: promptTokens ?? estimatePromptTokens(messages),
    completionTokens: completionTokens ?? estimateTextTokens(output),
    estimated: true,
  };
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}

/** Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
function retryAfterSeconds(headers: Record<string, string> | undefined): number | undefined {
  const ms = Number.parseFloat(headers?.['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  const value = headers?.['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The `error.message` of an OpenAI-, Anthropic- or Google-style error body. */
function providerMessage(body: string): string | undefined {
  try {
    const json = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    return typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message);
  } catch {
    return undefined;
  }
}

/** A provider may quote the key it was sent; it must not reach our answers or logs. */
function scrub(message: string, connection: ProviderConnection): string {
  const key = connection.apiKey;
  return key && key.length >= 4 ? message.split(key).join('***') : message;
}
