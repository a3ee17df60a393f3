import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiKeyScope, ErrorCode } from '@promptops/shared';
import { In, IsNull, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RateLimitDecision, RateLimiter } from '../cluster/rate-limiter';
import { cacheKeys, ServingCache } from '../cluster/serving-cache';
import { Actor } from '../common/auth/authenticated-user';
import { DomainError, NotFoundError, UnauthorizedError } from '../common/problem/domain.error';
import { TransactionService } from '../database/transaction.service';
import { EnvironmentsService } from '../environments/environments.service';
import { ApiKey } from './api-key.entity';
import { ApiKeyEnvironmentNotFoundError, NotAnApiKeyError } from './api-keys.errors';
import { ApiKeyRevokedEvent } from './api-keys.events';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
  CurrentApiKeyResponseDto,
} from './dto/api-key.dto';

/** What a request authenticated by API key carries. */
export interface ApiKeyPrincipal {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  environment: string | null;
  /** Whether an end user the caller names in debug mode gets drafts. */
  serveDebugDrafts: boolean;
  rateLimitPerMinute: number;
}

/** An admitted API-key call: who, and the rate-limit headers its answer carries. */
export interface ApiKeyAdmission {
  apiKey: ApiKeyPrincipal;
  rateLimitHeaders: Record<string, string>;
}

interface CachedKey {
  principal: ApiKeyPrincipal;
  salt: string;
  hash: Buffer;
  revoked: boolean;
}

/** Compared against when the prefix is unknown, so that the answer takes as long either way. */
const NO_KEY: CachedKey = {
  principal: {
    id: 0,
    name: '',
    prefix: '',
    scopes: [],
    environment: null,
    serveDebugDrafts: false,
    rateLimitPerMinute: 0,
  },
  salt: '',
  hash: Buffer.alloc(32),
  revoked: true,
};

const PREFIX_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const PREFIX_LENGTH = 15;
const KEY_CACHE_TTL_MS = 60_000;
const LAST_USED_EVERY_MS = 60_000;

function hashKey(salt: string, key: string): string {
  return hash('sha256', salt + key, 'hex');
}

function randomPrefix(): string {
  return Array.from(randomBytes(12), (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('');
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly lastUsedWrites = new Map<number, number>();

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly cache: ServingCache,
    private readonly events: EventEmitter2,
    private readonly rateLimiter: RateLimiter,
    private readonly environments: EnvironmentsService,
  ) {}

  async createApiKey(body: CreateApiKeyDto, actor: Actor): Promise<CreatedApiKeyResponseDto> {
    if (body.environment && !(await this.environments.exists(body.environment))) {
      throw new ApiKeyEnvironmentNotFoundError(body.environment);
    }
    const prefix = `po_${randomPrefix()}`;
    const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const salt = randomBytes(16).toString('hex');
    const row = await this.transactions.run(async (manager) => {
      const created = await manager.save(
        manager.create(ApiKey, {
          name: body.name,
          prefix,
          salt,
          hash: hashKey(salt, key),
          last4: key.slice(-4),
          scopes: [...new Set(body.scopes)],
          environment: body.environment ?? null,
          serveDebugDrafts: body.serveDebugDrafts ?? false,
          rateLimitPerMinute: body.rateLimitPerMinute,
          createdById: actor.user?.id ?? null,
          createdAt: new Date(),
          lastUsedAt: null,
          revokedAt: null,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'api_key.create',
        targetType: 'api_key',
        targetId: created.id,
        summary: {
          after: {
            name: created.name,
            prefix,
            scopes: created.scopes,
            environment: created.environment,
            serveDebugDrafts: created.serveDebugDrafts,
          },
        },
      });
      return created;
    });
    return { ...toResponse(row), key };
  }

  /** What a call's own key may do, for the caller (the CLI's whoami); a console session has no key. */
  describeCurrent(key: ApiKeyPrincipal | undefined): CurrentApiKeyResponseDto {
    if (!key) throw new NotAnApiKeyError();
    return {
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      environment: key.environment,
      serveDebugDrafts: key.serveDebugDrafts,
      rateLimitPerMinute: key.rateLimitPerMinute,
    };
  }

  async listApiKeys(): Promise<ApiKeyResponseDto[]> {
    const rows = await this.keys.find({ order: { id: 'DESC' } });
    return rows.map(toResponse);
  }

  /** The names of these keys, revoked ones included, for logs that show which key made a call. */
  async namesOf(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.keys.find({ select: { id: true, name: true }, where: { id: In(unique) } });
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Revoked keys stop working at once on every replica. */
  async revokeApiKey(id: number, actor: Actor): Promise<ApiKeyResponseDto> {
    const { key: row, revoked } = await this.transactions.run(async (manager) => {
      const key = await manager.findOneBy(ApiKey, { id });
      if (!key) throw new NotFoundError(ErrorCode.API_KEY_NOT_FOUND, `API key ${id} does not exist`);
      if (key.revokedAt) return { key, revoked: false };
      key.revokedAt = new Date();
      await manager.save(key);
      await this.audit.record(manager, actor, {
        action: 'api_key.revoke',
        targetType: 'api_key',
        targetId: key.id,
        summary: { name: key.name, prefix: key.prefix },
      });
      return { key, revoked: true };
    });
    if (revoked) await this.events.emitAsync(ApiKeyRevokedEvent.NAME, new ApiKeyRevokedEvent(row.id, row.prefix));
    return toResponse(row);
  }

  /**
   * Lets an API-key call in, or refuses it: the key, its scope, then its rate limit (shared by
   * every replica). The one admission of both the Nest guard and the serving fast path.
   * Several scopes: any one of them lets the call in.
   */
  async admit(presented: string, scope: ApiKeyScope | readonly ApiKeyScope[]): Promise<ApiKeyAdmission> {
    const apiKey = await this.authenticate(presented, scope);
    const rateLimitHeaders = await this.rateLimiter.consume(`key:${apiKey.prefix}`, apiKey.rateLimitPerMinute, refusal);
    return { apiKey, rateLimitHeaders };
  }

  /** Checks a presented key (constant-time) and its scope; the lookup is cached per prefix. */
  private async authenticate(presented: string, scope: ApiKeyScope | readonly ApiKeyScope[]): Promise<ApiKeyPrincipal> {
    // `po_` + 12 characters, then `_` and the secret (whose base64url may itself contain `_`).
    const prefix = presented.slice(0, PREFIX_LENGTH);
    const wellFormed = presented[PREFIX_LENGTH] === '_' && /^po_[A-Za-z0-9]{12}$/.test(prefix);
    const key = wellFormed ? await this.lookup(prefix) : null;
    const expected = key ?? NO_KEY;
    const actual = hash('sha256', expected.salt + presented, 'buffer');
    if (!key || !timingSafeEqual(expected.hash, actual) || key.revoked) {
      throw new UnauthorizedError('The API key is invalid or has been revoked', ErrorCode.API_KEY_INVALID);
    }
    const accepted: readonly ApiKeyScope[] = typeof scope === 'string' ? [scope] : scope;
    if (!accepted.some((one) => key.principal.scopes.includes(one))) {
      throw new DomainError(
        403,
        ErrorCode.API_KEY_SCOPE_MISSING,
        'Forbidden',
        accepted.length === 1
          ? `This API key lacks the "${accepted[0]}" scope`
          : `This API key has none of the scopes ${accepted.map((one) => `"${one}"`).join(', ')}`,
      );
    }
    this.touch(key.principal.id);
    return key.principal;
  }

  /** The key with this prefix (null: none), cached per prefix. */
  private lookup(prefix: string): Promise<CachedKey | null> {
    return this.cache.read(
      cacheKeys.apiKey(prefix),
      KEY_CACHE_TTL_MS,
      async () => {
        const row = await this.keys.findOneBy({ prefix });
        return row
          ? {
              principal: Object.freeze({
                id: row.id,
                name: row.name,
                prefix: row.prefix,
                scopes: Object.freeze([...row.scopes]) as ApiKeyScope[],
                environment: row.environment,
                serveDebugDrafts: row.serveDebugDrafts,
                rateLimitPerMinute: row.rateLimitPerMinute,
              }),
              salt: row.salt,
              hash: Buffer.from(row.hash, 'hex'),
              revoked: row.revokedAt !== null,
            }
          : null;
      },
      `API key ${prefix}`,
    );
  }

  /** Records last use at most once a minute per key, off the request path. */
  private touch(id: number): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWrites.set(id, now);
    this.keys.update({ id, revokedAt: IsNull() }, { lastUsedAt: new Date(now) }).catch((error: Error) => {
      this.logger.warn(`Could not record API key use: ${error.message}`);
    });
  }
}

/** The 429 detail for an API key whose bucket is empty. */
function refusal(decision: RateLimitDecision): string {
  return `Rate limit of ${decision.limit} requests per minute reached; retry in ${decision.retryAfterSeconds} s`;
}

function toResponse(key: ApiKey): ApiKeyResponseDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    last4: key.last4,
    scopes: key.scopes,
    environment: key.environment,
    serveDebugDrafts: key.serveDebugDrafts,
    rateLimitPerMinute: key.rateLimitPerMinute,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
  };
}
