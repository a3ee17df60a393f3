import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import { DomainError } from '../common/problem/domain.error';
import { ClusterBus } from './cluster-bus';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * Token bucket, refilled continuously at `limit` tokens a minute. Atomic in Redis (one Lua
 * script per request) so that replicas share one bucket per key.
 */
const TOKEN_BUCKET_LUA = `
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local rate = capacity / 60000
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil then tokens = capacity; at = now end
tokens = math.min(capacity, tokens + (now - at) * rate)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', key, 120000)
return {allowed, tostring(tokens)}
`;

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_LOCAL_BUCKETS = 100_000;

@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly bus: ClusterBus) {}

  /** Redis's answer, or null when Redis cannot be reached: then this replica limits on its own. */
  private async takeShared(key: string, limitPerMinute: number, now: number): Promise<[boolean, number] | null> {
    try {
      const [ok, left] = (await this.bus.redis!.eval(
        TOKEN_BUCKET_LUA,
        1,
        `promptops:rl:${key}`,
        limitPerMinute,
        now,
      )) as [number, string];
      return [ok === 1, Number(left)];
    } catch (error) {
      this.logger.warn(`Rate limiting locally, Redis failed: ${(error as Error).message}`);
      return null;
    }
  }

  async take(key: string, limitPerMinute: number): Promise<RateLimitDecision> {
    const now = Date.now();
    let tokens: number;
    let allowed: boolean;
    const shared = this.bus.redis ? await this.takeShared(key, limitPerMinute, now) : null;
    if (shared) {
      [allowed, tokens] = shared;
    } else {
      const bucket = this.buckets.get(key) ?? { tokens: limitPerMinute, at: now };
      bucket.tokens = Math.min(limitPerMinute, bucket.tokens + ((now - bucket.at) * limitPerMinute) / 60000);
      bucket.at = now;
      allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      tokens = bucket.tokens;
      if (this.buckets.size > MAX_LOCAL_BUCKETS) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    const perToken = 60 / limitPerMinute;
    return {
      allowed,
      limit: limitPerMinute,
      remaining: Math.floor(tokens),
      resetSeconds: Math.ceil((limitPerMinute - tokens) * perToken),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) * perToken)),
    };
  }

  /**
   * Takes a token and answers the `RateLimit-*` headers for the response; when the bucket is
   * empty, throws 429 with those headers, `Retry-After` and `refusal`'s explanation.
   */
  async consume(
    key: string,
    limitPerMinute: number,
    refusal: (decision: RateLimitDecision) => string,
  ): Promise<Record<string, string>> {
    const decision = await this.take(key, limitPerMinute);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      throw new DomainError(429, ErrorCode.RATE_LIMITED, 'Too Many Requests', refusal(decision)).withHeaders({
        ...headers,
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
    return headers;
  }
}

export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
}
