import { Global, Module } from '@nestjs/common';
import { ClusterBus } from './cluster-bus';
import { RateLimiter } from './rate-limiter';
import { ServingCache } from './serving-cache';

@Global()
@Module({ providers: [ClusterBus, RateLimiter, ServingCache], exports: [ClusterBus, RateLimiter, ServingCache] })
export class ClusterModule {}
