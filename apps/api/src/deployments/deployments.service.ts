import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, Permission, roleHas, VersionStatus } from '@promptops/shared';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { SecretBox } from '../common/crypto/secret-box';
import { ConflictError, DomainError, NotFoundError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { Environment } from '../environments/environment.entity';
import { EnvironmentNotFoundError } from '../environments/environments.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { Prompt } from '../prompts/prompt.entity';
import { PromptVersion } from '../prompts/prompt-version.entity';
import { VersionNotFoundError } from '../prompts/prompts.errors';
import { Deployment } from './deployment.entity';
import { DeploymentHistoryEntry } from './deployment-history-entry.entity';
import { DeploymentChangedEvent } from './deployments.events';
import {
  DeploymentHistoryEntryDto,
  DeploymentResponseDto,
  DeployVersionDto,
  WebhookSecretResponseDto,
} from './dto/deployment.dto';

/** Protected environments (prod) change only by people who may publish. */
function assertMayDeployTo(environment: Environment, actor: Actor): void {
  if (environment.isProtected && actor.user && !roleHas(actor.user.role, Permission.PROMPT_PUBLISH)) {
    throw new DomainError(
      403,
      ErrorCode.FORBIDDEN,
      'Forbidden',
      `"${environment.name}" is protected: deploying there needs the prompt:publish permission, which the ${actor.user.role} role does not have`,
      undefined,
      { permission: Permission.PROMPT_PUBLISH },
    );
  }
}

/** SHA-256 of a webhook secret: what is stored and looked up. */
export function webhookSecretHash(secret: string): string {
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
  ) {
    this.box = new SecretBox(config.appSecret, 'webhook-secrets');
  }

  /** Every environment with what it serves for this prompt. */
  async listDeployments(name: string): Promise<DeploymentResponseDto[]> {
    const prompt = await this.locator.find(name);
    const [environments, rows] = await Promise.all([
      this.environments.find({ order: { id: 'ASC' } }),
      this.deployments.find({ where: { promptId: prompt.id }, relations: { deployedBy: true } }),
    ]);
    const byEnvironment = new Map(rows.map((d) => [d.environmentId, d]));
    return environments.map((env) => this.toResponse(prompt, env, byEnvironment.get(env.id) ?? null));
  }

  async getDeployment(name: string, environmentName: string): Promise<DeploymentResponseDto> {
    const prompt = await this.locator.find(name);
    const environment = await this.findEnvironment(environmentName);
    const row = await this.deployments.findOne({
      where: { promptId: prompt.id, environmentId: environment.id },
      relations: { deployedBy: true },
    });
    return this.toResponse(prompt, environment, row);
  }

  async deployVersion(
    name: string,
    environmentName: string,
    body: DeployVersionDto,
    actor: Actor,
  ): Promise<DeploymentResponseDto> {
    await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const environment = await this.findEnvironment(environmentName, manager);
      assertMayDeployTo(environment, actor);
      const version = await manager.findOneBy(PromptVersion, { promptId: prompt.id, version: body.version });
      if (!version) throw new VersionNotFoundError(name, body.version);
      if (version.status === VersionStatus.ARCHIVED) {
        throw new ConflictError(
          ErrorCode.VERSION_STATUS_CONFLICT,
          `Version ${body.version} is archived; publish it again first`,
        );
      }
      if (environment.isProtected && version.status !== VersionStatus.PUBLISHED) {
        throw new DomainError(
          409,
          ErrorCode.ENVIRONMENT_PROTECTED,
          'Conflict',
          `Environment "${environment.name}" is protected: only published versions can be deployed, and version ${body.version} is a ${version.status}`,
        );
      }
      await this.point(manager, prompt, environment, body.version, 'deploy', body.note ?? null, actor);
    });
    await this.changed(name, environmentName, 'deployment.deploy');
    return this.getDeployment(name, environmentName);
  }

  /** Serves the previous version again; a second rollback undoes the first. */
  async rollbackDeployment(
    name: string,
    environmentName: string,
    note: string | undefined,
    actor: Actor,
  ): Promise<DeploymentResponseDto> {
    await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const environment = await this.findEnvironment(environmentName, manager);
      assertMayDeployTo(environment, actor);
      const current = await manager.findOneBy(Deployment, { promptId: prompt.id, environmentId: environment.id });
      if (!current?.previousVersion) {
        throw new ConflictError(
          ErrorCode.NOTHING_TO_ROLL_BACK,
          `Prompt "${name}" has no earlier deployment in "${environmentName}" to roll back to`,
        );
      }
      await this.point(manager, prompt, environment, current.previousVersion, 'rollback', note ?? null, actor);
    });
    await this.changed(name, environmentName, 'deployment.rollback');
    return this.getDeployment(name, environmentName);
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
      await manager.save(deployment);
      await this.audit.record(manager, actor, {
        action: 'webhook.disable',
        targetType: 'deployment',
        targetId: `${name}@${environmentName}`,
      });
      return true;
    });
    if (disabled) await this.changed(name, environmentName, 'webhook.disable');
    return this.getDeployment(name, environmentName);
  }

  /** Called once the change has committed, so that no one reloads what is about to change. */
  private async changed(name: string, environment: string, action: DeploymentChangedEvent['action']): Promise<void> {
    await this.events.emitAsync(DeploymentChangedEvent.NAME, new DeploymentChangedEvent(name, environment, action));
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
      actorEmail: actor.user?.email ?? null,
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
    if (!deployment) {
      throw new NotFoundError(
        ErrorCode.DEPLOYMENT_NOT_FOUND,
        `Prompt "${prompt.name}" is not deployed in "${environment.name}"; deploy a version first`,
      );
    }
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

  private toResponse(prompt: Prompt, environment: Environment, row: Deployment | null): DeploymentResponseDto {
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
              url: this.webhookUrl(this.box.decrypt(row.webhookSecretEncrypted)),
              createdAt: row.webhookSecretCreatedAt,
            }
          : null,
    };
  }
}
