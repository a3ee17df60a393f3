import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const MYSQL_RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 4;

/**
 * Runs a unit of work in one transaction on either database.
 *
 * SQLite (better-sqlite3) has one connection per process, and two interleaved BEGINs on it
 * would fail or mix their writes, so transactions are queued here, one at a time. MySQL runs
 * them concurrently; the rare deadlock is retried with a short, jittered back-off.
 */
@Injectable()
export class TransactionService {
  private readonly logger = new Logger(TransactionService.name);
  private readonly serialize: boolean;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type !== 'mysql';
  }

  get isMysql(): boolean {
    return !this.serialize;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.withRetry(work);
    const result = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * One statement, atomic on its own, without BEGIN and COMMIT around it: a multi-row INSERT
   * needs no more, and saves two round trips. On SQLite it waits its turn behind the queued
   * transactions like any other, so it never runs inside one of theirs.
   */
  statement<T = unknown>(sql: string, parameters: unknown[]): Promise<T> {
    const work = () => this.dataSource.query(sql, parameters) as Promise<T>;
    if (!this.serialize) return this.retrying(work);
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private withRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.retrying(() => this.dataSource.transaction(work));
  }

  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code || !MYSQL_RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        this.logger.warn(`Transaction hit ${code}; retrying (attempt ${attempt + 1})`);
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
      }
    }
  }
}
