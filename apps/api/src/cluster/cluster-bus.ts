import { EventEmitter } from 'node:events';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

type Handler = (message: string) => void;

/**
 * What replicas tell each other (cache invalidation, key revocation). With REDIS_URL it is
 * Redis pub/sub, so every replica hears every message, its own included; without, it is an
 * in-process emitter, which is all a single process needs.
 */
@Injectable()
export class ClusterBus implements OnModuleDestroy {
  private readonly logger = new Logger(ClusterBus.name);
  private readonly local = new EventEmitter();
  /** Commands (rate limits); null without REDIS_URL. */
  readonly redis: Redis | null;
  private readonly subscriber: Redis | null;
  private subscriberReady: Promise<void> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.local.setMaxListeners(100);
    if (!config.redisUrl) {
      this.redis = null;
      this.subscriber = null;
      return;
    }
    this.redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
    // Connected before its first SUBSCRIBE: a subscribe queued ahead of the connection's ready
    // check would put it in subscriber mode while the check still needs a normal command.
    this.subscriber = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    for (const client of [this.redis, this.subscriber]) {
      client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
    }
    this.subscriber.on('message', (channel: string, message: string) => this.local.emit(channel, message));
  }

  async publish(channel: string, message: string): Promise<void> {
    if (!this.redis) {
      this.local.emit(channel, message);
      return;
    }
    try {
      await this.redis.publish(channel, message);
    } catch (error) {
      // Still act locally; the TTL on every cache bounds how long other replicas lag.
      this.logger.warn(`Could not publish on ${channel}: ${(error as Error).message}`);
      this.local.emit(channel, message);
    }
  }

  async subscribe(channel: string, handler: Handler): Promise<void> {
    this.local.on(channel, handler);
    if (!this.subscriber) return;
    this.subscriberReady ??= this.subscriber.connect();
    await this.subscriberReady;
    await this.subscriber.subscribe(channel);
  }

  async onModuleDestroy(): Promise<void> {
    this.local.removeAllListeners();
    await Promise.all([this.redis, this.subscriber].map((client) => client && close(client)));
  }
}

/** QUIT when connected; otherwise (Redis down, reconnecting) stop trying at once. */
async function close(client: Redis): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().catch(() => undefined);
}
