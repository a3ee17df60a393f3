import type { ServingChangedEvent } from '@promptops/shared';
import { errorOf, NetworkError, PromptOpsError, RateLimited } from './errors';
import { HttpOptions, sendForStream, sendJson } from './http';
import { LocalRenderer } from './local-render';
import { PushSubscription } from './push';
import { readEvents } from './sse';
import type {
  AnswerSource,
  Fallback,
  FallbackVersion,
  FlowExecuteOptions,
  GetOptions,
  PromptOpsOptions,
  RenderAnswer,
  RenderOptions,
  ResolvedVersion,
  RunAnswer,
  RunOptions,
  RunStreamEvent,
} from './types';

const DEFAULT_CACHE_TTL_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_RUN_TIMEOUT_MS = 120_000;
/**
 * After an outage on a prompt the cache does not hold, how long calls get the same error (so a
 * fallback answers at once) before one asks again: a hanging API must not cost every call a timeout.
 */
const QUIET_AFTER_OUTAGE_MS = 5_000;

/** A cached resolved version of one prompt in one environment. */
interface Entry {
  value: ResolvedVersion;
  etag: string | null;
  fetchedAt: number;
  refreshing: boolean;
  /** A change was announced while a revalidation was in flight: its answer may predate it. */
  changedMeanwhile: boolean;
}

/**
 * Refusals of the call rather than outages: the key is not (or no longer) allowed, the prompt
 * is gone. A cached copy is dropped (it should no longer be served); a fallback still answers.
 */
const REFUSALS = new Set([401, 403, 404, 410]);

/**
 * The PromptOps client. `render` answers from a local cache of resolved versions (rendered
 * here with the API's own templating), revalidates in the background, and with a fallback
 * never fails the caller's request because PromptOps is unavailable.
 */
export class PromptOps {
  private readonly http: HttpOptions;
  private readonly environment: string | undefined;
  private readonly cacheTtlMs: number;
  private readonly timeoutMs: number;
  private readonly runTimeoutMs: number;
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly changedWhileLoading = new Set<string>();
  private readonly failedLoads = new Map<string, { error: PromptOpsError; until: number }>();
  private readonly renderer = new LocalRenderer();
  private readonly push: PushSubscription | null;

  constructor(options: PromptOpsOptions) {
    if (!options.baseUrl) throw new TypeError('PromptOps: baseUrl is required');
    if (!options.apiKey) throw new TypeError('PromptOps: apiKey is required');
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('PromptOps: no global fetch; pass options.fetch');
    this.http = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      apiKey: options.apiKey,
      fetch: (input, init) => fetchImpl(input, init),
    };
    this.environment = options.environment;
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.runTimeoutMs = options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    this.push = options.push
      ? new PushSubscription(this.http, {
          changed: (event) => this.onChanged(event),
          listening: () => this.revalidateAll(),
        })
      : null;
  }

  /**
   * Renders a prompt: from the cache when it holds the version (no request), else after
   * fetching it. With `fallback`, outages (network, timeout, 5xx, 429) and refusals (401,
   * 403, 404, 410) answer from the cache, else the fallback, with `source` saying which;
   * wrong variables throw either way (see docs/sdk.md).
   */
  async render(
    name: string,
    variables: Record<string, unknown> = {},
    options: RenderOptions = {},
  ): Promise<RenderAnswer> {
    const environment = options.environment ?? this.environment;
    try {
      if (options.version !== undefined) return await this.renderRemote(name, variables, options, environment);
      // No await on a hit: the cached path stays a few microseconds.
      const cached = this.cached(name, environment);
      const entry = cached ?? (await this.load(keyOf(name, environment), name, environment));
      const source = cached ? 'cache' : 'network';
      if (entry.value.rollout || (options.userId && entry.value.serveDebugDrafts)) {
        // The server picks the rollout arm or the debug draft: ask it, and keep the copy for outages.
        try {
          return await this.renderRemote(name, variables, options, environment);
        } catch (error) {
          if (!(error instanceof PromptOpsError) || !error.isOutage) throw error;
          return this.renderLocal(entry.value, variables, 'cache', error);
        }
      }
      return this.renderLocal(entry.value, variables, source);
    } catch (error) {
      return this.renderFallback(error, name, environment, variables, options.fallback);
    }
  }

  /** The resolved version (template or messages, variables, model config), through the same cache. */
  async get(name: string, options: GetOptions = {}): Promise<ResolvedVersion> {
    const environment = options.environment ?? this.environment;
    const entry = this.cached(name, environment) ?? (await this.load(keyOf(name, environment), name, environment));
    return { ...entry.value };
  }

  /** Runs a prompt on its model (always a request: a model's answer is not cached). */
  run(name: string, variables?: Record<string, unknown>, options?: RunOptions & { stream?: false }): Promise<RunAnswer>;
  /** Streams a run: `start`, `delta`s as the model writes, then `done` with the whole answer. */
  run(
    name: string,
    variables: Record<string, unknown>,
    options: RunOptions & { stream: true },
  ): AsyncIterable<RunStreamEvent>;
  run(
    name: string,
    variables: Record<string, unknown> = {},
    options: RunOptions & { stream?: boolean } = {},
  ): Promise<RunAnswer> | AsyncIterable<RunStreamEvent> {
    if (options.stream) return this.stream(name, variables, options);
    return sendJson<RunAnswer>(this.http, {
      method: 'POST',
      path: `/api/v1/run/${encodeURIComponent(name)}`,
      body: this.runBody(variables, options, false),
      timeoutMs: options.timeoutMs ?? this.runTimeoutMs,
    }).then((answer) => answer.body as RunAnswer);
  }

  /** A run as it happens; breaking out of the loop cancels the request. */
  async *stream(
    name: string,
    variables: Record<string, unknown> = {},
    options: RunOptions = {},
  ): AsyncGenerator<RunStreamEvent, void, undefined> {
    const controller = new AbortController();
    const path = `/api/v1/run/${encodeURIComponent(name)}`;
    try {
      const response = await sendForStream(
        this.http,
        {
          method: 'POST',
          path,
          body: this.runBody(variables, options, true),
          timeoutMs: options.timeoutMs ?? this.runTimeoutMs,
        },
        controller.signal,
      );
      try {
        for await (const event of readEvents(response.body as ReadableStream<Uint8Array>)) {
          const data = JSON.parse(event.data) as Record<string, unknown>;
          if (event.event === 'start') yield { type: 'start', runId: data.runId as number };
          else if (event.event === 'delta') yield { type: 'delta', text: data.text as string };
          else if (event.event === 'done') {
            yield { type: 'done', answer: data as RunAnswer };
            return;
          } else if (event.event === 'error') {
            throw errorOf(typeof data.status === 'number' ? data.status : 502, data, null);
          }
        }
      } catch (error) {
        if (error instanceof PromptOpsError) throw error;
        throw new NetworkError(`POST ${path}`, error);
      }
      throw new NetworkError(`POST ${path}`, new Error('the stream ended before the run did'));
    } finally {
      controller.abort();
    }
  }

  /** A flow, executed by the API. */
  flow(name: string): {
    execute(inputs?: Record<string, unknown>, options?: FlowExecuteOptions): Promise<Record<string, unknown>>;
  } {
    return {
      execute: async (inputs = {}, options = {}) => {
        const answer = await sendJson<Record<string, unknown>>(this.http, {
          method: 'POST',
          path: `/api/v1/flows/${encodeURIComponent(name)}/execute`,
          body: {
            inputs,
            ...definedOnly({ environment: options.environment ?? this.environment, version: options.version }),
          },
          headers: options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : undefined,
          timeoutMs: options.timeoutMs ?? this.runTimeoutMs,
        });
        return answer.body as Record<string, unknown>;
      },
    };
  }

  /** Stops the push subscription. The cache stays usable. */
  close(): void {
    this.push?.stop();
  }

  /** The cached entry, revalidated in the background once stale; undefined when there is none. */
  private cached(name: string, environment: string | undefined): Entry | undefined {
    const key = keyOf(name, environment);
    const entry = this.entries.get(key);
    if (entry && Date.now() - entry.fetchedAt >= this.cacheTtlMs) this.revalidate(key, entry, name, environment);
    return entry;
  }

  /** The first fetch of a key; callers asking meanwhile share it. */
  private load(key: string, name: string, environment: string | undefined): Promise<Entry> {
    const failed = this.failedLoads.get(key);
    if (failed && failed.until > Date.now()) return Promise.reject(failed.error);
    let loading = this.loading.get(key);
    if (!loading) {
      loading = this.fetchResolved(name, environment, null)
        .catch((error: unknown) => {
          if (error instanceof PromptOpsError && error.isOutage) {
            const quietMs =
              error instanceof RateLimited && error.retryAfterMs ? error.retryAfterMs : QUIET_AFTER_OUTAGE_MS;
            this.failedLoads.set(key, { error, until: Date.now() + quietMs });
          }
          throw error;
        })
        .then(({ value, etag }) => {
          this.failedLoads.delete(key);
          const entry: Entry = {
            value: value as ResolvedVersion,
            etag,
            fetchedAt: Date.now(),
            refreshing: false,
            changedMeanwhile: false,
          };
          this.entries.set(key, entry);
          this.push?.watch(name);
          if (this.changedWhileLoading.delete(key)) this.invalidate(key, entry, name, environment);
          return entry;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, loading);
    }
    return loading;
  }

  /** Asks the API whether the entry still holds (one request in flight per key); keeps serving it meanwhile. */
  private revalidate(key: string, entry: Entry, name: string, environment: string | undefined): void {
    if (entry.refreshing) return;
    entry.refreshing = true;
    entry.changedMeanwhile = false;
    this.fetchResolved(name, environment, entry.etag)
      .then((answer) => {
        if (answer.value) {
          entry.value = answer.value;
          entry.etag = answer.etag;
        }
        entry.fetchedAt = Date.now();
      })
      .catch((error: unknown) => {
        // An outage keeps the entry (the next call past the TTL asks again); a refusal drops it.
        if (error instanceof PromptOpsError && REFUSALS.has(error.status) && this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      })
      .finally(() => {
        entry.refreshing = false;
        if (entry.changedMeanwhile && this.entries.get(key) === entry) this.invalidate(key, entry, name, environment);
      });
  }

  /** A change was announced: the entry is stale now, and revalidated at once. */
  private invalidate(key: string, entry: Entry, name: string, environment: string | undefined): void {
    entry.fetchedAt = 0;
    if (entry.refreshing) entry.changedMeanwhile = true;
    else this.revalidate(key, entry, name, environment);
  }

  private onChanged(event: ServingChangedEvent): void {
    for (const [key, entry] of this.entries) {
      const [name, environment] = partsOf(key);
      if (name !== event.prompt) continue;
      if (event.environment !== null && entry.value.environment !== event.environment) continue;
      this.invalidate(key, entry, name, environment);
    }
    for (const key of this.loading.keys()) if (partsOf(key)[0] === event.prompt) this.changedWhileLoading.add(key);
  }

  /** The stream listens again: changes may have been missed while it did not. */
  private revalidateAll(): void {
    for (const [key, entry] of this.entries) {
      const [name, environment] = partsOf(key);
      this.invalidate(key, entry, name, environment);
    }
  }

  private async fetchResolved(
    name: string,
    environment: string | undefined,
    etag: string | null,
  ): Promise<{ value: ResolvedVersion | undefined; etag: string | null }> {
    const query = environment ? `?environment=${encodeURIComponent(environment)}` : '';
    const answer = await sendJson<ResolvedVersion>(this.http, {
      method: 'GET',
      path: `/api/v1/prompts/${encodeURIComponent(name)}/resolved${query}`,
      headers: etag ? { 'if-none-match': etag } : undefined,
      timeoutMs: this.timeoutMs,
    });
    return { value: answer.body, etag: answer.headers.get('etag') ?? etag };
  }

  private renderLocal(
    version: ResolvedVersion,
    variables: Record<string, unknown>,
    source: AnswerSource,
    error?: PromptOpsError,
  ): RenderAnswer {
    const { text, messages } = this.renderer.render(version, variables);
    // Written out rather than spread: spreading here cost several microseconds per cached render.
    const answer: RenderAnswer = {
      text,
      messages,
      prompt: version.prompt,
      version: version.version,
      environment: version.environment,
      // A copy of a deployment under a rollout is its baseline.
      rolloutVariant: version.rollout ? 'baseline' : null,
      modelConfig: version.modelConfig,
      source,
    };
    if (error) answer.error = error;
    return answer;
  }

  private async renderRemote(
    name: string,
    variables: Record<string, unknown>,
    options: RenderOptions,
    environment: string | undefined,
  ): Promise<RenderAnswer> {
    const answer = await sendJson<RenderAnswer>(this.http, {
      method: 'POST',
      path: `/api/v1/prompts/${encodeURIComponent(name)}/render`,
      body: {
        variables,
        ...definedOnly({
          environment,
          version: options.version,
          userId: options.userId,
          subjectKey: options.subject,
        }),
      },
      timeoutMs: this.timeoutMs,
    });
    const body = answer.body as RenderAnswer;
    return {
      text: body.text,
      messages: body.messages ?? null,
      prompt: body.prompt ?? name,
      version: body.version,
      environment: body.environment,
      rolloutVariant: body.rolloutVariant ?? null,
      modelConfig: body.modelConfig ?? {},
      source: 'network',
    };
  }

  private async renderFallback(
    error: unknown,
    name: string,
    environment: string | undefined,
    variables: Record<string, unknown>,
    fallback: Fallback | undefined,
  ): Promise<RenderAnswer> {
    if (!(error instanceof PromptOpsError) || !(error.isOutage || REFUSALS.has(error.status))) throw error;
    if (fallback === undefined) throw error;
    const given = typeof fallback === 'function' ? await fallback(error) : fallback;
    const version: FallbackVersion = typeof given === 'string' ? { template: given } : given;
    const rendered = this.renderer.render(
      {
        kind: version.kind ?? (version.messages ? 'chat' : 'text'),
        template: version.template,
        messages: version.messages ?? null,
        variablesMeta: version.variablesMeta ?? [],
      },
      variables,
    );
    return {
      ...rendered,
      prompt: version.prompt ?? name,
      version: version.version ?? null,
      environment: version.environment ?? environment ?? null,
      rolloutVariant: null,
      modelConfig: version.modelConfig ?? {},
      source: 'fallback',
      error,
    };
  }

  private runBody(variables: Record<string, unknown>, options: RunOptions, stream: boolean): Record<string, unknown> {
    return {
      variables,
      ...definedOnly({
        environment: options.environment ?? this.environment,
        version: options.version,
        userId: options.userId,
        subjectKey: options.subject,
      }),
      ...(stream ? { stream: true } : {}),
    };
  }
}

function keyOf(name: string, environment: string | undefined): string {
  return `${name}\u0000${environment ?? ''}`;
}

function partsOf(key: string): [string, string | undefined] {
  const [name, environment] = key.split('\u0000');
  return [name, environment || undefined];
}

function definedOnly(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
