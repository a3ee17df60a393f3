import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { isValidPromptName } from '@promptops/shared';
import { EntityManager } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { TransactionService } from '../database/transaction.service';
import { PromptDetailResponseDto } from '../prompts/dto/prompt-response.dto';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { Prompt } from '../prompts/prompt.entity';
import { PromptChangedEvent } from '../prompts/prompts.events';
import { PromptsService } from '../prompts/prompts.service';
import { RunsService } from '../runs/runs.service';
import { CallerApiKeyDto, CallersResponseDto } from './dto/callers.dto';
import { DeprecatePromptDto } from './dto/deprecation.dto';
import { DeprecationSuccessorInvalidError, DeprecationSunsetInPastError } from './retirement.errors';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retiring prompts and flows: deprecation with a successor and a sunset (served as headers,
 * then 410 or the successor, by ServingService), and who still calls them (the run log).
 */
@Injectable()
export class RetirementService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly locator: PromptLocator,
    private readonly prompts: PromptsService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly runs: RunsService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** Deprecates the prompt, or replaces its deprecation (keeping when it began). */
  async deprecatePrompt(name: string, body: DeprecatePromptDto, actor: Actor): Promise<PromptDetailResponseDto> {
    const now = new Date();
    const sunsetAt = body.sunsetAt ?? null;
    if (sunsetAt && sunsetAt.getTime() <= now.getTime() && body.allowPastSunset !== true) {
      throw new DeprecationSunsetInPastError(sunsetAt);
    }
    const successor = body.successor?.trim() || null;
    const afterSunset = body.afterSunset ?? 'gone';
    if (afterSunset === 'serve_successor' && !successor) {
      throw new DeprecationSuccessorInvalidError('Serving the successor after the sunset needs a successor');
    }
    await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      if (successor) await this.assertValidSuccessor(manager, prompt, successor);
      const before = auditedDeprecation(prompt);
      prompt.deprecatedAt = prompt.deprecatedAt ?? now;
      prompt.sunsetAt = sunsetAt;
      prompt.successorName = successor;
      prompt.deprecationNote = body.note?.trim() || null;
      prompt.afterSunset = afterSunset;
      prompt.deprecatedById = actor.user?.id ?? null;
      prompt.updatedAt = now;
      await manager.save(prompt);
      await this.audit.record(manager, actor, {
        action: prompt.type === 'flow' ? 'flow.deprecate' : 'prompt.deprecate',
        targetType: 'prompt',
        targetId: name,
        summary: { before, after: auditedDeprecation(prompt) },
      });
    });
    await this.events.emitAsync(PromptChangedEvent.NAME, new PromptChangedEvent(name, 'prompt.deprecate'));
    return this.prompts.getPrompt(name);
  }

  /** Takes the deprecation back: the prompt is served as before, without the headers. */
  async undeprecatePrompt(name: string, actor: Actor): Promise<PromptDetailResponseDto> {
    const changed = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name);
      if (!prompt.deprecatedAt) return false;
      const before = auditedDeprecation(prompt);
      prompt.deprecatedAt = null;
      prompt.sunsetAt = null;
      prompt.successorName = null;
      prompt.deprecationNote = null;
      prompt.afterSunset = 'gone';
      prompt.deprecatedById = null;
      prompt.updatedAt = new Date();
      await manager.save(prompt);
      await this.audit.record(manager, actor, {
        action: prompt.type === 'flow' ? 'flow.undeprecate' : 'prompt.undeprecate',
        targetType: 'prompt',
        targetId: name,
        summary: { before, after: auditedDeprecation(prompt) },
      });
      return true;
    });
    if (changed) {
      await this.events.emitAsync(PromptChangedEvent.NAME, new PromptChangedEvent(name, 'prompt.undeprecate'));
    }
    return this.prompts.getPrompt(name);
  }

  /**
   * A successor exists, is enabled, is not the prompt itself, is of the same type (a flow's
   * successor is a flow), and its own successors never lead back to the prompt.
   */
  private async assertValidSuccessor(manager: EntityManager, prompt: Prompt, successor: string): Promise<void> {
    if (successor === prompt.name) throw new DeprecationSuccessorInvalidError('A prompt cannot be its own successor');
    const found = isValidPromptName(successor) ? await manager.findOneBy(Prompt, { name: successor }) : null;
    // MySQL's collation ignores case: `Foo` finds `foo`, which is not the prompt asked for.
    if (!found || found.name !== successor) {
      throw new DeprecationSuccessorInvalidError(`The successor "${successor}" does not exist`);
    }
    if (found.type !== prompt.type) {
      throw new DeprecationSuccessorInvalidError(
        `The successor "${successor}" is a ${found.type}; a ${prompt.type}'s successor must be a ${prompt.type}`,
      );
    }
    if (!found.enabled) throw new DeprecationSuccessorInvalidError(`The successor "${successor}" is disabled`);
    const seen = new Set([prompt.name]);
    for (let next: Prompt | null = found; next?.deprecatedAt && next.successorName;) {
      if (seen.has(next.successorName)) {
        throw new DeprecationSuccessorInvalidError(
          `The successor "${successor}" leads back to "${next.successorName}" through its own successors`,
        );
      }
      seen.add(next.name);
      next = await manager.findOneBy(Prompt, { name: next.successorName });
    }
  }

  /** The API keys (never their secrets) and other callers that ran the prompt in the last `days` days. */
  async listPromptCallers(name: string, days: number): Promise<CallersResponseDto> {
    const prompt = await this.locator.find(name);
    const since = new Date(Date.now() - days * DAY_MS);
    const counts = await this.runs.callersOf(prompt.name, since);
    const keyIds = new Set(counts.flatMap((c) => (c.apiKeyId === null ? [] : [c.apiKeyId])));
    const keys = keyIds.size ? (await this.apiKeys.listApiKeys()).filter((k) => keyIds.has(k.id)) : [];
    const byKey = new Map<number, CallerApiKeyDto>(
      keys.map((k) => [
        k.id,
        {
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          environment: k.environment,
          revoked: k.revokedAt !== null,
          calls: 0,
          lastCallAt: since,
          sources: [],
        },
      ]),
    );
    const answer: CallersResponseDto = {
      prompt: prompt.name,
      days,
      since,
      totalCalls: 0,
      apiKeys: [],
      webhookCalls: 0,
      consoleCalls: 0,
      otherCalls: 0,
    };
    for (const count of counts) {
      answer.totalCalls += count.calls;
      const key = count.apiKeyId === null ? undefined : byKey.get(count.apiKeyId);
      if (key) {
        key.calls += count.calls;
        if (count.lastCallAt > key.lastCallAt) key.lastCallAt = count.lastCallAt;
        if (!key.sources.includes(count.source)) key.sources.push(count.source);
      } else if (count.source === 'webhook') answer.webhookCalls += count.calls;
      else if (count.source === 'playground' || count.source === 'api') answer.consoleCalls += count.calls;
      else answer.otherCalls += count.calls;
    }
    answer.apiKeys = [...byKey.values()]
      .filter((k) => k.calls > 0)
      .sort((a, b) => b.calls - a.calls || b.lastCallAt.getTime() - a.lastCallAt.getTime());
    for (const key of answer.apiKeys) key.sources.sort();
    return answer;
  }
}

/** A deprecation as the audit log keeps it: `{}` when there is none. */
function auditedDeprecation(prompt: Prompt): Record<string, string | null> {
  if (!prompt.deprecatedAt) return {};
  return {
    deprecatedAt: prompt.deprecatedAt.toISOString(),
    sunsetAt: prompt.sunsetAt?.toISOString() ?? null,
    successor: prompt.successorName,
    note: prompt.deprecationNote,
    afterSunset: prompt.afterSunset,
  };
}
