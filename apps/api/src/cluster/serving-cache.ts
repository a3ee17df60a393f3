import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DomainError } from '../common/problem/domain.error';
import { ClusterBus } from './cluster-bus';

interface Entry {
  value: unknown;
  expiresAt: number;
}

const CHANNEL = 'promptops:cache:invalidate';
const MAX_ENTRIES = 10_000;

/**
 * What the serving paths read per request (resolved deployments, API keys, providers), kept in memory.
 * Changes invalidate entries on every replica through the cluster bus; the TTL is a safety net
 * for a lost message. An expired entry is still handed out when the database cannot be reached.
 */
@Injectable()
export class ServingCache implements OnModuleInit {
  private readonly logger = new Logger(ServingCache.name);
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly bus: ClusterBus) {}

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe(CHANNEL, (prefix) => this.dropLocal(prefix));
  }

  get<T>(key: string): { value: T; fresh: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    return { value: entry.value as T, fresh: entry.expiresAt > Date.now() };
  }

  /**
   * The cached value while it is fresh, else what `load` answers, kept for `ttlMs`. When `load`
   * fails for any reason but a DomainError (an answer, such as "not found"), an expired value is
   * served instead and a warning names `what` was served stale.
   */
  async read<T>(key: string, ttlMs: number, load: () => Promise<T>, what: string): Promise<T> {
    const cached = this.get<T>(key);
    if (cached?.fresh) return cached.value;
    try {
      const value = await load();
      this.set(key, value, ttlMs);
      return value;
    } catch (error) {
      if (!cached || error instanceof DomainError) throw error;
      this.logger.warn(`Serving cached ${what}: the database failed (${(error as Error).message})`);
      return cached.value;
    }
  }

  set(key: string, value: unknown, ttlMs: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** Drops every entry whose key starts with `prefix`, here and on every other replica. */
  async invalidate(prefix: string): Promise<void> {
    this.dropLocal(prefix);
    await this.bus.publish(CHANNEL, prefix);
  }

  private dropLocal(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

/** Cache keys, in one place so writers and readers agree. */
export const cacheKeys = {
  /** Everything cached about one prompt. */
  prompt: (name: string) => `prompt:${name}|`,
  resolved: (name: string, environment: string) => `prompt:${name}|env:${environment}`,
  apiKey: (prefix: string) => `apikey:${prefix}`,
  provider: (name: string) => `provider:${name}|`,
};
