import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, Permission, roleHas, VersionStatus } from '@promptops/shared';
import { EntityManager, In, Repository } from 'typeorm';
import { actorName, AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { SecretBox } from '../common/crypto/secret-box';
import { ConflictError, DomainError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { Environment } from '../environments/environment.entity';
import { EnvironmentNotFoundError } from '../environments/environments.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { Prompt } from '../prompts/prompt.entity';
import { PromptVersion } from '../prompts/prompt-version.entity';
import { VersionNotFoundError } from '../prompts/prompts.errors';
import { ProvidersService } from '../providers/providers.service';
import { ApiKeyEnvironmentMismatchError } from '../serving/serving.errors';
import { Deployment } from './deployment.entity';
import { DeploymentHistoryEntry } from './deployment-history-entry.entity';
import { DeploymentNotFoundError, ProtectedEnvironmentError, WebhookNotFoundError } from './deployments.errors';
import { DeploymentChangedEvent } from './deployments.events';
import {
  DeploymentHistoryEntryDto,
  DeploymentResponseDto,
  DeployResponseDto,
  DeployVersionDto,
  UpdateWebhookDto,
  WebhookSecretResponseDto,
} from './dto/deployment.dto';

/** What a webhook secret gives access to. */
export interface WebhookDeployment {
  prompt: string;
  environment: string;
  /** Stable per secret and revealing nothing about it: the webhook's rate-limit bucket. */
  rateLimitKey: string;
  /** Whether an end user the caller names in debug mode gets drafts. */
  servesDebugDrafts: boolean;
}

/** The deployment an environment serves a prompt from. */
/** One environment and the version it serves, as the prompt list shows it. */
export interface ServedVersion {
  environment: string;
  version: number;
}

export interface ServedDeployment {
  version: number;
  deployedAt: Date;
}

/** Who may see and use webhook secrets: whoever may create or rotate them. */
function maySeeWebhookSecrets(actor: Actor): boolean {
  return actor.user !== null && roleHas(actor.user.role, Permission.PROMPT_PUBLISH);
}

/**
 * Protected environments (prod) change only by people who may publish; an API key bound to an
 * environment changes only that one.
 */
function assertMayChange(environments: Environment[], actor: Actor, change: string): void {
  const bound = actor.apiKey?.environment;
  const elsewhere = bound ? environments.find((e) => e.name !== bound) : undefined;
  if (bound && elsewhere) throw new ApiKeyEnvironmentMismatchError(bound, { environment: elsewhere.name });
  const protectedOnes = environments.filter((e) => e.isProtected).map((e) => e.name);
  if (protectedOnes.length && actor.user && !roleHas(actor.user.role, Permission.PROMPT_PUBLISH)) {
    throw new ProtectedEnvironmentError(protectedOnes, actor.user.role, change);
  }
}

/** SHA-256 of a webhook secret: what is stored and looked up. */
function webhookSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

@Injectable()
export class DeploymentsService {
  private readonly box: SecretBox;

  constructor(
    @InjectRepository(Deployment) private readonly deployments: Repository<Deployment>,
    @InjectRepository(DeploymentHistoryEntry) private readonly history: Repository<DeploymentHistoryEntry>,
    @InjectRepository(Environment) private readonly environments: Repository<Environment>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly locator: PromptLocator,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly providers: ProvidersService,
  ) {
    this.box = new SecretBox(config.appSecret, 'webhook-secrets');
  }

  /** Every environment with what it serves for this prompt. */
  async listDeployments(name: string, actor: Actor): Promise<DeploymentResponseDto[]> {
    const prompt = await this.locator.find(name);
    const [environments, rows] = await Promise.all([
      this.environments.find({ order: { id: 'ASC' } }),
      this.deployments.find({ where: { promptId: prompt.id }, relations: { deployedBy: true } }),
    ]);
    const byEnvironment = new Map(rows.map((d) => [d.environmentId, d]));
    return environments.map((env) => this.toResponse(prompt, env, byEnvironment.get(env.id) ?? null, actor));
  }

  /** What each environment serves, for many prompts in one query (a list page, not N+1). */
  async listServedVersions(promptIds: number[]): Promise<Map<number, ServedVersion[]>> {
    const served = new Map<number, ServedVersion[]>();
    if (!promptIds.length) return served;
    const rows = await this.deployments
      .createQueryBuilder('d')
      .innerJoin('d.environment', 'env')
      .select('d.promptId', 'promptId')
      .addSelect('d.version', 'version')
      .addSelect('env.name', 'environment')
      .where('d.promptId IN (:...promptIds)', { promptIds })
      .orderBy('env.id', 'ASC')
      .getRawMany<{ promptId: number | string; version: number | string; environment: string }>();
    for (const row of rows) {
      const promptId = Number(row.promptId);
      const list = served.get(promptId) ?? [];
      list.push({ environment: row.environment, version: Number(row.version) });
      served.set(promptId, list);
    }
    return served;
  }

  /** What each environment serves of one prompt, as the caller's transaction sees it. */
  async listServedVersionsWithin(manager: EntityManager, name: string): Promise<ServedVersion[]> {
    const rows = await manager
      .createQueryBuilder(Deployment, 'd')
      .innerJoin('d.prompt', 'p')
      .innerJoin('d.environment', 'env')
      .select('env.name', 'environment')
      .addSelect('d.version', 'version')
      .where('p.name = :name', { name })
      .getRawMany<{ environment: string; version: number | string }>();
    return rows.map((row) => ({ environment: row.environment, version: Number(row.version) }));
  }

  async getDeployment(name: string, environmentName: string, actor: Actor): Promise<DeploymentResponseDto> {
    const prompt = await this.locator.find(name);
    const environment = await this.findEnvironment(environmentName);
    const row = await this.deployments.findOne({
      where: { promptId: prompt.id, environmentId: environment.id },
      relations: { deployedBy: true },
    });
    return this.toResponse(prompt, environment, row, actor);
  }

  /**
   * `within` runs in the deploy's transaction, after it: a rollout's promotion ends the rollout
   * and deploys its candidate together or not at all.
   */
  async deployVersion(
    name: string,
    environmentName: string,
    body: DeployVersionDto,
    actor: Actor,
    within?: (manager: EntityManager, prompt: Prompt, environment: Environment) => Promise<void>,
  ): Promise<DeployResponseDto> {
    const deployed = await this.transactions.run(async (manager) => {
      const { prompt, environment, version } = await this.deployWithin(
        manager,
        name,
        environmentName,
        body.version,
        body.note ?? null,
        actor,
      );
      if (within) await within(manager, prompt, environment);
      return version;
    });
    await this.announceDeployed(name, environmentName, body.version);
    return this.withReadiness(await this.getDeployment(name, environmentName, actor), deployed);
  }

  /**
   * A deploy inside the caller's transaction (an import deploys many at once), with every rule
   * of a single deploy. The refusals (archived, protected, another environment's key) come
   * before anything is written. The caller announces it with `announceDeployed` once committed.
   */
  async deployWithin(
    manager: EntityManager,
    name: string,
    environmentName: string,
    versionNumber: number,
    note: string | null,
    actor: Actor,
  ): Promise<{ prompt: Prompt; environment: Environment; version: PromptVersion }> {
    const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
    const environment = await this.findEnvironment(environmentName, manager);
    assertMayChange([environment], actor, 'deploying there');
    const version = await manager.findOneBy(PromptVersion, { promptId: prompt.id, version: versionNumber });
    if (!version) throw new VersionNotFoundError(name, versionNumber);
    if (version.status === VersionStatus.ARCHIVED) {
      throw new ConflictError(
        ErrorCode.VERSION_STATUS_CONFLICT,
        `Version ${versionNumber} is archived; publish it again first`,
      );
    }
    if (environment.isProtected && version.status !== VersionStatus.PUBLISHED) {
      throw new DomainError(
        409,
        ErrorCode.ENVIRONMENT_PROTECTED,
        'Conflict',
        `Environment "${environment.name}" is protected: only published versions can be deployed, and version ${versionNumber} is a ${version.status}`,
      );
    }
    await this.point(manager, prompt, environment, versionNumber, 'deploy', note, actor);
    return { prompt, environment, version };
  }

  /** What a committed deploy tells the caches (and anything else listening). */
  announceDeployed(name: string, environmentName: string, version: number): Promise<void> {
    return this.changed(name, environmentName, 'deployment.deploy', version);
  }

  /** A deploy or rollback answer, with whether the version now served can run on its model. */
  private async withReadiness(deployment: DeploymentResponseDto, version: PromptVersion): Promise<DeployResponseDto> {
    return { ...deployment, ...(await this.providers.checkModelConfig(version.modelConfig)) };
  }

  /** Serves the previous version again; a second rollback undoes the first. */
  async rollbackDeployment(
    name: string,
    environmentName: string,
    note: string | undefined,
    actor: Actor,
  ): Promise<DeployResponseDto> {
    const restored = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const environment = await this.findEnvironment(environmentName, manager);
      assertMayChange([environment], actor, 'rolling back there');
      const current = await manager.findOneBy(Deployment, { promptId: prompt.id, environmentId: environment.id });
      if (!current?.previousVersion) {
        throw new ConflictError(
          ErrorCode.NOTHING_TO_ROLL_BACK,
          `Prompt "${name}" has no earlier deployment in "${environmentName}" to roll back to`,
        );
      }
      await this.point(manager, prompt, environment, current.previousVersion, 'rollback', note ?? null, actor);
      return manager.findOneByOrFail(PromptVersion, { promptId: prompt.id, version: current.previousVersion });
    });
    await this.changed(name, environmentName, 'deployment.rollback', restored.version);
    return this.withReadiness(await this.getDeployment(name, environmentName, actor), restored);
  }

  async listDeploymentHistory(name: string, environmentName: string): Promise<DeploymentHistoryEntryDto[]> {
    const prompt = await this.locator.find(name);
    const environment = await this.findEnvironment(environmentName);
    const rows = await this.history.find({
      where: { promptId: prompt.id, environmentId: environment.id },
      order: { id: 'DESC' },
      take: 200,
    });
    return rows.map((h) => ({
      action: h.action,
      fromVersion: h.fromVersion,
      toVersion: h.toVersion,
      note: h.note,
      actor: h.actorEmail,
      createdAt: h.createdAt,
    }));
  }

  /** Creates or replaces the webhook secret of a deployment; the old URL stops working at once. */
  async rotateWebhookSecret(name: string, environmentName: string, actor: Actor): Promise<WebhookSecretResponseDto> {
    const secret = randomBytes(32).toString('base64url');
    const createdAt = new Date();
    const action = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const environment = await this.findEnvironment(environmentName, manager);
      const deployment = await this.requireDeployment(manager, prompt, environment);
      const rotated = deployment.webhookSecretHash !== null;
      deployment.webhookSecretHash = webhookSecretHash(secret);
      deployment.webhookSecretEncrypted = this.box.encrypt(secret);
      deployment.webhookSecretCreatedAt = createdAt;
      await manager.save(deployment);
      const audited = rotated ? 'webhook.rotate' : 'webhook.create';
      await this.audit.record(manager, actor, {
        action: audited,
        targetType: 'deployment',
        targetId: `${name}@${environmentName}`,
      });
      return audited;
    });
    await this.changed(name, environmentName, action);
    return { secret, url: this.webhookUrl(secret), createdAt };
  }

  async disableWebhook(name: string, environmentName: string, actor: Actor): Promise<DeploymentResponseDto> {
    const disabled = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name);
      const environment = await this.findEnvironment(environmentName, manager);
      const deployment = await this.requireDeployment(manager, prompt, environment);
      if (!deployment.webhookSecretHash) return false;
      deployment.webhookSecretHash = null;
      deployment.webhookSecretEncrypted = null;
      deployment.webhookSecretCreatedAt = null;
      deployment.webhookServesDebugDrafts = false;
      await manager.save(deployment);
      await this.audit.record(manager, actor, {
        action: 'webhook.disable',
        targetType: 'deployment',
        targetId: `${name}@${environmentName}`,
      });
      return true;
    });
    if (disabled) await this.changed(name, environmentName, 'webhook.disable');
    return this.getDeployment(name, environmentName, actor);
  }

  /** Whether a webhook's callers may get drafts for an end user they name who is in debug mode. */
  async updateWebhook(
    name: string,
    environmentName: string,
    body: UpdateWebhookDto,
    actor: Actor,
  ): Promise<DeploymentResponseDto> {
    const updated = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name);
      const environment = await this.findEnvironment(environmentName, manager);
      const deployment = await this.requireDeployment(manager, prompt, environment);
      if (!deployment.webhookSecretHash) throw new WebhookNotFoundError({ prompt: name, environment: environmentName });
      if (deployment.webhookServesDebugDrafts === body.servesDebugDrafts) return false;
      deployment.webhookServesDebugDrafts = body.servesDebugDrafts;
      await manager.save(deployment);
      await this.audit.record(manager, actor, {
        action: 'webhook.update',
        targetType: 'deployment',
        targetId: `${name}@${environmentName}`,
        summary: {
          before: { servesDebugDrafts: !body.servesDebugDrafts },
          after: { servesDebugDrafts: body.servesDebugDrafts },
        },
      });
      return true;
    });
    if (updated) await this.changed(name, environmentName, 'webhook.update');
    return this.getDeployment(name, environmentName, actor);
  }

  /** The deployment a webhook secret belongs to; 404 for any secret that is not a live one. */
  async findByWebhookSecret(secret: string): Promise<WebhookDeployment> {
    const hash = webhookSecretHash(secret);
    const deployment = await this.deployments.findOne({
      where: { webhookSecretHash: hash },
      relations: { prompt: true, environment: true },
    });
    // The lookup is by hash; comparing again in constant time keeps timing from telling anything.
    if (
      !deployment?.webhookSecretHash ||
      !timingSafeEqual(Buffer.from(deployment.webhookSecretHash), Buffer.from(hash))
    ) {
      throw new WebhookNotFoundError();
    }
    return {
      prompt: deployment.prompt!.name,
      environment: deployment.environment!.name,
      rateLimitKey: hash.slice(0, 24),
      servesDebugDrafts: deployment.webhookServesDebugDrafts,
    };
  }

  /**
   * What an environment serves of a prompt (the serving path caches it). Unknown environment
   * and no deployment are both 404s, named.
   */
  async findServedDeployment(promptId: number, promptName: string, environmentName: string): Promise<ServedDeployment> {
    const environment = await this.findEnvironment(environmentName);
    const deployment = await this.deployments.findOneBy({ promptId, environmentId: environment.id });
    if (!deployment) throw new DeploymentNotFoundError(promptName, environmentName, true);
    return { version: deployment.version, deployedAt: deployment.deployedAt };
  }

  /**
   * Changing whether a prompt is served at all (disabling or enabling it) changes what every
   * environment it is deployed in serves: protected ones need the permission deploying there does.
   */
  async assertMayChangeServing(manager: EntityManager, promptId: number, actor: Actor, change: string): Promise<void> {
    const served = await manager.find(Deployment, { where: { promptId }, select: { environmentId: true } });
    if (!served.length) return;
    const environments = await manager.findBy(Environment, { id: In(served.map((d) => d.environmentId)) });
    assertMayChange(environments, actor, change);
  }

  /** Called once the change has committed, so that no one reloads what is about to change. */
  private async changed(
    name: string,
    environment: string,
    action: DeploymentChangedEvent['action'],
    version?: number,
  ): Promise<void> {
    const event = new DeploymentChangedEvent(name, environment, action, version);
    await this.events.emitAsync(DeploymentChangedEvent.NAME, event);
  }

  private async point(
    manager: EntityManager,
    prompt: Prompt,
    environment: Environment,
    version: number,
    action: 'deploy' | 'rollback',
    note: string | null,
    actor: Actor,
  ): Promise<void> {
    const now = new Date();
    const existing = await manager.findOneBy(Deployment, { promptId: prompt.id, environmentId: environment.id });
    const from = existing?.version ?? null;
    if (existing) {
      if (existing.version !== version) existing.previousVersion = existing.version;
      existing.version = version;
      existing.note = note;
      existing.deployedById = actor.user?.id ?? null;
      existing.deployedAt = now;
      await manager.save(existing);
    } else {
      await manager.insert(Deployment, {
        promptId: prompt.id,
        environmentId: environment.id,
        version,
        previousVersion: null,
        note,
        deployedById: actor.user?.id ?? null,
        deployedAt: now,
        webhookSecretHash: null,
        webhookSecretEncrypted: null,
        webhookSecretCreatedAt: null,
        webhookServesDebugDrafts: false,
      });
    }
    await manager.insert(DeploymentHistoryEntry, {
      promptId: prompt.id,
      environmentId: environment.id,
      action,
      fromVersion: from,
      toVersion: version,
      note,
      actorId: actor.user?.id ?? null,
      actorEmail: actorName(actor),
      createdAt: now,
    });
    await this.audit.record(manager, actor, {
      action: action === 'deploy' ? 'deployment.deploy' : 'deployment.rollback',
      targetType: 'deployment',
      targetId: `${prompt.name}@${environment.name}`,
      summary: { before: { version: from }, after: { version }, note },
    });
  }

  private async requireDeployment(
    manager: EntityManager,
    prompt: Prompt,
    environment: Environment,
  ): Promise<Deployment> {
    const deployment = await manager.findOneBy(Deployment, { promptId: prompt.id, environmentId: environment.id });
    if (!deployment) throw new DeploymentNotFoundError(prompt.name, environment.name);
    return deployment;
  }

  private async findEnvironment(name: string, manager?: EntityManager): Promise<Environment> {
    const environment = await (manager ? manager.getRepository(Environment) : this.environments).findOneBy({ name });
    if (!environment) throw new EnvironmentNotFoundError(name);
    return environment;
  }

  private webhookUrl(secret: string): string {
    return `${this.config.publicUrl}/api/webhooks/${secret}`;
  }

  private toResponse(
    prompt: Prompt,
    environment: Environment,
    row: Deployment | null,
    actor: Actor,
  ): DeploymentResponseDto {
    return {
      prompt: prompt.name,
      environment: environment.name,
      isProtected: environment.isProtected,
      version: row?.version ?? null,
      previousVersion: row?.previousVersion ?? null,
      note: row?.note ?? null,
      deployedBy: row?.deployedBy?.email ?? null,
      deployedAt: row?.deployedAt ?? null,
      webhook:
        row?.webhookSecretEncrypted && row.webhookSecretCreatedAt
          ? {
              // The secret is in the URL, and the URL runs the model without an API key.
              url: maySeeWebhookSecrets(actor) ? this.webhookUrl(this.box.decrypt(row.webhookSecretEncrypted)) : null,
              createdAt: row.webhookSecretCreatedAt,
              servesDebugDrafts: row.webhookServesDebugDrafts,
            }
          : null,
    };
  }
}
