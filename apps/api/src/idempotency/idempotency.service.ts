import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../database/errors';
import { TransactionService } from '../database/transaction.service';
import { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyKeyInUseError, IdempotencyKeyInvalidError, IdempotencyKeyReusedError } from './idempotency.errors';

/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request still `running` after this long died with its process: another may take its key over. */
export const ABANDONED_AFTER_MS = 10 * 60 * 1000;
const RETRY_AFTER_SECONDS = 2;
const CLEANUP_EVERY_MS = 60_000;
const CLEANUP_BATCH = 500;
/** 1 to 255 visible ASCII characters (the IETF httpapi draft's key is an sf-string). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What to do with a request that carries a key. */
export type IdempotencyClaim =
  { kind: 'new'; id: number } | { kind: 'replay'; status: number; body: unknown; runId: number | null };

/**
 * Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the first request with a key
 * claims it with a `running` row — the unique (scope, key) index decides between racing
 * requests — runs, and stores its answer; a retry with the same key and request gets that
 * answer again instead of a second run.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);
  private lastCleanup = 0;

  constructor(
    @InjectRepository(IdempotencyKey) private readonly keys: Repository<IdempotencyKey>,
    private readonly transactions: TransactionService,
  ) {}

  /** Throws 400 unless the key is well-formed; call before anything else about the request. */
  assertValidKey(key: string): void {
    if (!KEY_PATTERN.test(key)) throw new IdempotencyKeyInvalidError();
  }

  /** SHA-256 of what identifies a request: the target and its body as canonical JSON. */
  requestHash(target: string, body: unknown): string {
    return sha256(`${target}\n${canonicalJson(body)}`);
  }

  /**
   * Claims `key` for a request, or says which answer to replay. Throws 422 when the key came with
   * another request, 409 while the first request is still running.
   */
  async claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    this.assertValidKey(key);
    this.cleanupNowAndThen();
    const keyHash = sha256(key);
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      // Looked up first, so that a retry (the usual case with a key) meets no unique violation.
      let existing = await this.keys.findOneBy({ scope, keyHash });
      if (!existing) {
        try {
          const inserted = await this.transactions.run((manager) =>
            manager.insert(IdempotencyKey, {
              scope,
              keyHash,
              requestHash,
              status: 'running',
              runId: null,
              responseStatus: null,
              response: null,
              createdAt: now,
              expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
            }),
          );
          return { kind: 'new', id: inserted.identifiers[0].id as number };
        } catch (error) {
          // Two requests raced for the key: the unique index let one in.
          if (!isUniqueViolation(error) || attempt > 2) throw error;
        }
        existing = await this.keys.findOneBy({ scope, keyHash });
        if (!existing) continue;
      }
      if (existing.expiresAt.getTime() <= now.getTime()) {
        const expired = existing.id;
        await this.transactions.run((manager) => manager.delete(IdempotencyKey, { id: expired }));
        if (attempt > 2) throw new IdempotencyKeyInUseError(RETRY_AFTER_SECONDS);
        continue;
      }
      if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
      if (existing.status === 'done') {
        return {
          kind: 'replay',
          status: existing.responseStatus ?? 200,
          body: existing.response === null ? null : JSON.parse(existing.response),
          runId: existing.runId,
        };
      }
      if (now.getTime() - existing.createdAt.getTime() < ABANDONED_AFTER_MS) {
        throw new IdempotencyKeyInUseError(RETRY_AFTER_SECONDS);
      }
      // Its process died mid-run: free the key and claim it again (the unique index decides
      // between retries doing the same).
      const abandoned = existing.id;
      await this.transactions.run((manager) => manager.delete(IdempotencyKey, { id: abandoned, status: 'running' }));
      if (attempt > 2) throw new IdempotencyKeyInUseError(RETRY_AFTER_SECONDS);
    }
  }

  /** Stores the answer a claimed request gave, for its retries. */
  async complete(id: number, answer: { status: number; body: unknown; runId: number | null }): Promise<void> {
    await this.transactions.run((manager) =>
      manager.update(
        IdempotencyKey,
        { id },
        {
          status: 'done',
          runId: answer.runId,
          responseStatus: answer.status,
          response: JSON.stringify(answer.body),
        },
      ),
    );
  }

  /** Frees a claimed key whose request failed before it ran anything: a retry runs it afresh. */
  async release(id: number): Promise<void> {
    await this.transactions.run((manager) => manager.delete(IdempotencyKey, { id, status: 'running' }));
  }

  /** Deletes expired keys, a bounded batch at a time, at most once a minute per process. */
  private cleanupNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    void this.deleteExpired().catch((error: unknown) =>
      this.logger.warn(`Could not delete expired idempotency keys: ${(error as Error).message}`),
    );
  }

  async deleteExpired(): Promise<number> {
    const expired = await this.keys.find({
      select: { id: true },
      where: { expiresAt: LessThan(new Date()) },
      take: CLEANUP_BATCH,
    });
    if (expired.length === 0) return 0;
    await this.transactions.run((manager) => manager.delete(IdempotencyKey, { id: In(expired.map((k) => k.id)) }));
    return expired.length;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
