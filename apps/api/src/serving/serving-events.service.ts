import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { ServingChangedEvent, ServingReadyEvent } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ClusterBus } from '../cluster/cluster-bus';
import { DeploymentChangedEvent } from '../deployments/deployments.events';
import { PromptChangedEvent } from '../prompts/prompts.events';
import { RolloutChangedEvent } from '../rollouts/rollouts.events';
import { ApiKeyEnvironmentMismatchError, EventStreamsLimitError, TooManyPromptsError } from './serving.errors';

const CHANNEL = 'promptops:serving:changed';
/** A comment line this often keeps proxies and idle timeouts from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Per caller and replica: a client needs one stream, a few processes behind one key a few more. */
export const MAX_STREAMS_PER_CALLER = 20;
export const MAX_PROMPTS_PER_STREAM = 200;
/** A client that reads nothing while this much waits for it is dropped; it reconnects and revalidates. */
const MAX_BUFFERED_BYTES = 256 * 1024;

/** What one stream hears: these prompts (null: all) in this environment (null: all). */
export interface ServingEventsFilter {
  prompts: Set<string> | null;
  environment: string | null;
}

interface Stream {
  filter: ServingEventsFilter;
  send(event: ServingChangedEvent): void;
  end(): void;
}

/**
 * Push invalidation for caching clients: what the serving cache drops is announced on the
 * cluster bus, and every replica passes it to the event streams open on it, so a client
 * connected anywhere hears a deploy made anywhere.
 */
@Injectable()
export class ServingEvents implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ServingEvents.name);
  private readonly streams = new Set<Stream>();
  private readonly openPerCaller = new Map<string, number>();

  constructor(private readonly bus: ClusterBus) {}

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (message) => this.deliver(JSON.parse(message) as ServingChangedEvent));
  }

  /** Streams end before the HTTP server closes, which would otherwise wait for them. */
  onModuleDestroy(): void {
    for (const stream of this.streams) stream.end();
  }

  /** Tells every replica's streams; called once the serving cache has dropped the entries. */
  async announce(change: ServingChangedEvent): Promise<void> {
    await this.bus.publish(CHANNEL, JSON.stringify(change));
  }

  /**
   * What a caller may hear: the prompts it names, in its environment. A key bound to an
   * environment hears that one only, and naming another is refused as it is when serving.
   */
  filterOf(
    query: { prompts?: string; environment?: string },
    apiKey: ApiKeyPrincipal | undefined,
  ): ServingEventsFilter {
    const prompts = query.prompts ? new Set(query.prompts.split(',')) : null;
    if (prompts && prompts.size > MAX_PROMPTS_PER_STREAM) throw new TooManyPromptsError(MAX_PROMPTS_PER_STREAM);
    const bound = apiKey?.environment ?? null;
    if (bound && query.environment && query.environment !== bound) {
      throw new ApiKeyEnvironmentMismatchError(bound, { environment: query.environment });
    }
    return { prompts, environment: bound ?? query.environment ?? null };
  }

  /** Answers the request with an event stream until the client goes away or the app stops. */
  open(
    filter: ServingEventsFilter,
    caller: { apiKey?: ApiKeyPrincipal; user?: AuthenticatedUser },
    request: IncomingMessage,
    reply: FastifyReply,
  ): void {
    const callerKey = caller.apiKey ? `key:${caller.apiKey.id}` : `user:${caller.user?.id ?? 0}`;
    const open = this.openPerCaller.get(callerKey) ?? 0;
    if (open >= MAX_STREAMS_PER_CALLER) throw new EventStreamsLimitError(MAX_STREAMS_PER_CALLER);
    this.openPerCaller.set(callerKey, open + 1);

    const response = reply.raw;
    reply.hijack();
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    let ended = false;
    const stream: Stream = {
      filter,
      send: (event) => {
        if (response.writableLength > MAX_BUFFERED_BYTES) return stream.end();
        response.write(`event: changed\ndata: ${JSON.stringify(event)}\n\n`);
      },
      end: () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        this.streams.delete(stream);
        const left = (this.openPerCaller.get(callerKey) ?? 1) - 1;
        if (left > 0) this.openPerCaller.set(callerKey, left);
        else this.openPerCaller.delete(callerKey);
        if (!response.writableEnded) response.end();
      },
    };
    this.streams.add(stream);
    request.on('close', stream.end);
    response.on('error', stream.end);
    const ready: ServingReadyEvent = {
      prompts: filter.prompts ? [...filter.prompts] : null,
      environment: filter.environment,
    };
    response.write(`event: ready\ndata: ${JSON.stringify(ready)}\n\n`);
  }

  private deliver(change: ServingChangedEvent): void {
    for (const stream of this.streams) {
      const { prompts, environment } = stream.filter;
      if (prompts && !prompts.has(change.prompt)) continue;
      if (environment && change.environment && change.environment !== environment) continue;
      try {
        stream.send(change);
      } catch (error) {
        this.logger.warn(`Could not write to an event stream: ${(error as Error).message}`);
        stream.end();
      }
    }
  }
}

/**
 * The announcement a domain event makes, if any: what it can change about what a prompt
 * resolves to. Webhook settings change nothing served.
 */
export function servingChangeOf(
  event: PromptChangedEvent | DeploymentChangedEvent | RolloutChangedEvent,
  at = new Date(),
): ServingChangedEvent | null {
  const base = { prompt: event.prompt, at: at.toISOString() };
  if (event instanceof DeploymentChangedEvent) {
    if (event.action !== 'deployment.deploy' && event.action !== 'deployment.rollback') return null;
    return {
      ...base,
      environment: event.environment,
      reason: event.action === 'deployment.deploy' ? 'deployed' : 'rolled_back',
      ...(event.version !== undefined ? { version: event.version } : {}),
    };
  }
  if (event instanceof RolloutChangedEvent) return { ...base, environment: event.environment, reason: 'rollout' };
  return { ...base, environment: null, reason: event.action === 'prompt.disable' ? 'disabled' : 'prompt_changed' };
}
