import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ApiKeyRevokedEvent } from '../api-keys/api-keys.events';
import { cacheKeys, ServingCache } from '../cluster/serving-cache';
import { DeploymentChangedEvent } from '../deployments/deployments.events';
import { PromptChangedEvent } from '../prompts/prompts.events';
import { ProviderChangedEvent } from '../providers/providers.events';
import { RolloutChangedEvent } from '../rollouts/rollouts.events';
import { servingChangeOf, ServingEvents } from './serving-events.service';

/**
 * The one place where changes reach what the serving paths keep in memory: each domain event,
 * emitted after its transaction commits, drops the entries it makes stale here and on every
 * other replica, then tells caching clients (the SDK's event stream). Writers emit; they never
 * touch the cache.
 */
@Injectable()
export class ServingCacheListener {
  constructor(
    private readonly cache: ServingCache,
    private readonly servingEvents: ServingEvents,
  ) {}

  /** Any change to a prompt, a version's status, a deployment or its rollout can change what is resolved. */
  @OnEvent(PromptChangedEvent.NAME)
  @OnEvent(DeploymentChangedEvent.NAME)
  @OnEvent(RolloutChangedEvent.NAME)
  async onPromptChanged(event: PromptChangedEvent | DeploymentChangedEvent | RolloutChangedEvent): Promise<void> {
    await this.cache.invalidate(cacheKeys.prompt(event.prompt));
    // After the invalidation is published, so a client that reloads on hearing it finds no stale entry.
    const change = servingChangeOf(event);
    if (change) await this.servingEvents.announce(change);
  }

  @OnEvent(ProviderChangedEvent.NAME)
  async onProviderChanged(event: ProviderChangedEvent): Promise<void> {
    await this.cache.invalidate(cacheKeys.provider(event.provider));
  }

  @OnEvent(ApiKeyRevokedEvent.NAME)
  async onApiKeyRevoked(event: ApiKeyRevokedEvent): Promise<void> {
    await this.cache.invalidate(cacheKeys.apiKey(event.prefix));
  }
}
