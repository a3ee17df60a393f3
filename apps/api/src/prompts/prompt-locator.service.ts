import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isValidPromptName } from '@promptops/shared';
import { EntityManager, Repository } from 'typeorm';
import { TransactionService } from '../database/transaction.service';
import { PromptDisabledError, PromptNotFoundError, PromptRetiredError } from './prompts.errors';
import { Prompt } from './prompt.entity';

/**
 * Finds prompts by name, with or without a row lock. A name the API would refuse to create is
 * no prompt, whatever the database's collation says (MySQL's ignores case).
 */
@Injectable()
export class PromptLocator {
  constructor(
    @InjectRepository(Prompt) private readonly prompts: Repository<Prompt>,
    private readonly transactions: TransactionService,
  ) {}

  async find(name: string): Promise<Prompt> {
    if (!isValidPromptName(name)) throw new PromptNotFoundError(name);
    const prompt = await this.prompts.findOne({ where: { name }, relations: { createdBy: true } });
    if (!prompt) throw new PromptNotFoundError(name);
    return prompt;
  }

  /** A prompt callers may be served: it exists, and is enabled (else 410). */
  async findServable(name: string): Promise<Prompt> {
    const prompt = await this.findForServing(name);
    if (!prompt.enabled) throw new PromptRetiredError(name);
    return prompt;
  }

  /** The prompt alone, without its author: what the serving paths read. */
  async findForServing(name: string): Promise<Prompt> {
    if (!isValidPromptName(name)) throw new PromptNotFoundError(name);
    const prompt = await this.prompts.findOneBy({ name });
    if (!prompt) throw new PromptNotFoundError(name);
    return prompt;
  }

  /**
   * Loads a prompt inside a transaction with a row lock on MySQL, so that concurrent writers to
   * one prompt (new versions above all) queue up instead of racing for the next number.
   * SQLite transactions are already one at a time (see TransactionService).
   */
  async lock(manager: EntityManager, name: string, opts: { mustBeEnabled?: boolean } = {}): Promise<Prompt> {
    if (!isValidPromptName(name)) throw new PromptNotFoundError(name);
    const qb = manager.createQueryBuilder(Prompt, 'p').where('p.name = :name', { name });
    if (this.transactions.isMysql) qb.setLock('pessimistic_write');
    const prompt = await qb.getOne();
    if (!prompt) throw new PromptNotFoundError(name);
    if (opts.mustBeEnabled && !prompt.enabled) throw new PromptDisabledError(name);
    return prompt;
  }
}
