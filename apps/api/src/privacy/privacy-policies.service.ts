import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RE2JS } from 're2js';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ClusterBus } from '../cluster/cluster-bus';
import { Actor } from '../common/auth/authenticated-user';
import { FieldError } from '../common/problem/domain.error';
import { TransactionService } from '../database/transaction.service';
import { EnvironmentsService } from '../environments/environments.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { EffectivePrivacyPolicyDto, PrivacyPolicyResponseDto, PutPrivacyPolicyDto } from './dto/privacy-policy.dto';
import type { CustomRecognizer } from './engine/redaction-engine';
import { EffectivePolicy, isPiiAction, PolicyLevel, resolvePolicy, StoredPolicy } from './policy-redaction';
import { PrivacyPolicy } from './privacy-policy.entity';
import { PrivacyPolicyInvalidError } from './privacy.errors';

/** Told to every replica when a policy changes: each drops its copy and reloads on the next run. */
const CHANNEL = 'promptops:privacy-policies';
/** Bounds how long a replica that missed a message (Redis briefly down) keeps an old copy. */
const MAX_AGE_MS = 60_000;
const ENTITY_NAME = /^[A-Z][A-Z0-9_]{0,47}$/;

interface Target {
  scope: PolicyLevel;
  promptName: string;
  environment: string;
}

interface Snapshot {
  policies: Map<string, StoredPolicy>;
  loadedAt: number;
}

/**
 * Redaction policies at three levels (instance default, environment, prompt) and the one that
 * applies to a run. All policies are held in memory (a handful of small rows), reloaded after a
 * change on any replica, so no run reads the database for its policy.
 */
@Injectable()
export class PrivacyPoliciesService implements OnModuleInit {
  private readonly logger = new Logger(PrivacyPoliciesService.name);
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Bumped on every invalidation, so that a load begun before a change is not kept. */
  private generation = 0;

  constructor(
    @InjectRepository(PrivacyPolicy) private readonly policies: Repository<PrivacyPolicy>,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly bus: ClusterBus,
    private readonly prompts: PromptLocator,
    private readonly environments: EnvironmentsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.subscribe(CHANNEL, () => this.invalidate());
  }

  getDefault(): Promise<PrivacyPolicyResponseDto> {
    return this.get({ scope: 'default', promptName: '', environment: '' });
  }

  async getEnvironmentPolicy(environment: string): Promise<PrivacyPolicyResponseDto> {
    await this.environments.find(environment);
    return this.get({ scope: 'environment', promptName: '', environment });
  }

  async getPromptPolicy(prompt: string): Promise<PrivacyPolicyResponseDto> {
    await this.prompts.find(prompt);
    return this.get({ scope: 'prompt', promptName: prompt, environment: '' });
  }

  putDefault(body: PutPrivacyPolicyDto, actor: Actor): Promise<PrivacyPolicyResponseDto> {
    return this.put({ scope: 'default', promptName: '', environment: '' }, body, actor);
  }

  async putEnvironmentPolicy(
    environment: string,
    body: PutPrivacyPolicyDto,
    actor: Actor,
  ): Promise<PrivacyPolicyResponseDto> {
    await this.environments.find(environment);
    return this.put({ scope: 'environment', promptName: '', environment }, body, actor);
  }

  async putPromptPolicy(prompt: string, body: PutPrivacyPolicyDto, actor: Actor): Promise<PrivacyPolicyResponseDto> {
    await this.prompts.find(prompt);
    return this.put({ scope: 'prompt', promptName: prompt, environment: '' }, body, actor);
  }

  /** What applies to a prompt served from an environment (or, without one, the prompt over the default). */
  async getEffectivePolicy(prompt: string, environment: string | null): Promise<EffectivePrivacyPolicyDto> {
    await this.prompts.find(prompt);
    if (environment) await this.environments.find(environment);
    const effective = await this.effective(prompt, environment);
    return { ...effective, environment };
  }

  /**
   * The policy for a run: per entity type, the prompt's level over the environment's over the
   * instance default. From memory; the database is read only after a change or MAX_AGE_MS.
   */
  async effective(prompt: string | null, environment: string | null | undefined): Promise<EffectivePolicy> {
    const { policies } = await this.current();
    return resolvePolicy({
      default: policies.get(keyOf({ scope: 'default', promptName: '', environment: '' })),
      environment: environment ? policies.get(keyOf({ scope: 'environment', promptName: '', environment })) : undefined,
      prompt: prompt ? policies.get(keyOf({ scope: 'prompt', promptName: prompt, environment: '' })) : undefined,
    });
  }

  private async get(target: Target): Promise<PrivacyPolicyResponseDto> {
    const row = await this.policies.findOneBy({ ...target });
    return toResponse(target, row);
  }

  private async put(target: Target, body: PutPrivacyPolicyDto, actor: Actor): Promise<PrivacyPolicyResponseDto> {
    const policy = validatePolicy(body);
    const saved = await this.transactions.run(async (manager) => {
      const existing = await manager.findOneBy(PrivacyPolicy, { ...target });
      const before = existing ? auditable(existing) : null;
      const row = existing ?? manager.create(PrivacyPolicy, { ...target });
      row.entities = policy.entities;
      row.custom = policy.custom;
      row.updatedById = actor.user?.id ?? null;
      row.updatedAt = new Date();
      await manager.save(row);
      await this.audit.record(manager, actor, {
        action: `privacy.${target.scope}.update`,
        targetType: target.scope === 'default' ? 'instance' : target.scope,
        targetId: target.promptName || target.environment || 'default',
        summary: { before, after: auditable(policy) },
      });
      return row;
    });
    await this.bus.publish(CHANNEL, keyOf(target));
    return toResponse(target, saved);
  }

  private invalidate(): void {
    this.generation++;
    this.snapshot = null;
  }

  private async current(): Promise<Snapshot> {
    const known = this.snapshot;
    if (known && Date.now() - known.loadedAt < MAX_AGE_MS) return known;
    this.loading ??= this.load().finally(() => (this.loading = null));
    try {
      return await this.loading;
    } catch (error) {
      // The database is briefly unreachable: keep redacting with the last policies known.
      if (known) {
        this.logger.warn(`Could not reload privacy policies: ${(error as Error).message}`);
        return known;
      }
      throw error;
    }
  }

  private async load(): Promise<Snapshot> {
    const generation = this.generation;
    const rows = await this.policies.find();
    const snapshot: Snapshot = {
      policies: new Map(rows.map((row) => [keyOf(row), { entities: row.entities, custom: row.custom }])),
      loadedAt: Date.now(),
    };
    if (generation === this.generation) this.snapshot = snapshot;
    return snapshot;
  }
}

/** A policy as the audit log keeps it (JSON; patterns and names, never matched values). */
function auditable(policy: StoredPolicy): { entities: Record<string, string>; custom: Record<string, string>[] } {
  return {
    entities: { ...policy.entities },
    custom: policy.custom.map((r) => ({
      name: r.name,
      pattern: r.pattern,
      contextWords: (r.contextWords ?? []).join(', '),
    })),
  };
}

function keyOf(target: Target): string {
  return `${target.scope}\u0000${target.promptName}\u0000${target.environment}`;
}

function toResponse(target: Target, row: PrivacyPolicy | null): PrivacyPolicyResponseDto {
  return {
    scope: target.scope,
    target: target.promptName || target.environment || null,
    entities: row?.entities ?? {},
    custom: row?.custom ?? [],
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * Checks what class-validator cannot: entity names and actions, unique recognizer names, and
 * that every custom pattern compiles both as RE2 (linear time: no pattern can stall a run) and as
 * the JavaScript expression the engine runs.
 */
export function validatePolicy(body: PutPrivacyPolicyDto): StoredPolicy {
  const errors: FieldError[] = [];
  const entities: StoredPolicy['entities'] = {};
  for (const [type, action] of Object.entries(body.entities)) {
    if (!ENTITY_NAME.test(type)) {
      errors.push({
        field: `entities.${type}`,
        message: 'entity types are upper-case letters, digits and "_"',
        code: 'invalidName',
      });
    } else if (!isPiiAction(action)) {
      errors.push({
        field: `entities.${type}`,
        message: 'must be one of off, mask, tokenize, block',
        code: 'invalidAction',
      });
    } else {
      entities[type] = action;
    }
  }
  const custom: CustomRecognizer[] = [];
  const names = new Set<string>();
  (body.custom ?? []).forEach((recognizer, index) => {
    if (names.has(recognizer.name)) {
      errors.push({
        field: `custom.${index}.name`,
        message: `"${recognizer.name}" is defined twice`,
        code: 'duplicate',
      });
    }
    names.add(recognizer.name);
    const problem = patternProblem(recognizer.pattern);
    if (problem) {
      errors.push({
        field: `custom.${index}.pattern`,
        message: `pattern "${recognizer.pattern}" is invalid: ${problem}`,
      });
      return;
    }
    custom.push({
      name: recognizer.name,
      pattern: recognizer.pattern,
      ...(recognizer.contextWords?.length ? { contextWords: recognizer.contextWords } : {}),
      ...(recognizer.contextWindow ? { contextWindow: recognizer.contextWindow } : {}),
    });
  });
  if (errors.length > 0) throw new PrivacyPolicyInvalidError(errors);
  return { entities, custom };
}

function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'it is empty';
  try {
    if (RE2JS.compile(pattern).matches('')) return 'it matches the empty string';
  } catch (error) {
    return (error as Error).message;
  }
  try {
    new RegExp(pattern, 'g');
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}
