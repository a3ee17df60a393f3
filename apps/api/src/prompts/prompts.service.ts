import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { VersionStatus } from '@promptops/shared';
import { Brackets, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { isUniqueViolation } from '../database/errors';
import { DeploymentsService } from '../deployments/deployments.service';
import { escapeLike } from '../database/like';
import { TransactionService } from '../database/transaction.service';
import { ProvidersService } from '../providers/providers.service';
import { RenderingService } from '../templates/rendering.service';
import { CreatePromptDto } from './dto/create-prompt.dto';
import { CreateVersionDto } from './dto/create-version.dto';
import { ListPromptsQueryDto } from './dto/list-prompts-query.dto';
import { PromptDetailResponseDto, PromptListResponseDto, PromptResponseDto } from './dto/prompt-response.dto';
import { UpdatePromptDto } from './dto/update-prompt.dto';
import { PromptAlreadyExistsError } from './prompts.errors';
import { PromptChangedEvent } from './prompts.events';
import { PromptLocator } from './prompt-locator.service';
import { Prompt } from './prompt.entity';
import { PromptVersion } from './prompt-version.entity';
import { VersionsService } from './versions.service';

@Injectable()
export class PromptsService {
  constructor(
    @InjectRepository(Prompt) private readonly prompts: Repository<Prompt>,
    @InjectRepository(PromptVersion) private readonly versionsRepo: Repository<PromptVersion>,
    private readonly versions: VersionsService,
    private readonly transactions: TransactionService,
    private readonly rendering: RenderingService,
    private readonly audit: AuditService,
    private readonly locator: PromptLocator,
    private readonly events: EventEmitter2,
    private readonly providers: ProvidersService,
    // Deployments use prompts (to lock and name them); prompts ask deployments who may stop serving one.
    @Inject(forwardRef(() => DeploymentsService)) private readonly deployments: DeploymentsService,
  ) {}

  async listPrompts(query: ListPromptsQueryDto): Promise<PromptListResponseDto> {
    const qb = this.prompts.createQueryBuilder('p').leftJoinAndSelect('p.createdBy', 'author');
    if (query.search?.trim()) {
      const term = `%${escapeLike(query.search.trim().toLowerCase())}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("LOWER(p.name) LIKE :term ESCAPE '!'", { term })
            .orWhere("LOWER(p.displayName) LIKE :term ESCAPE '!'", { term }),
        ),
      );
    }
    if (query.folder !== undefined) qb.andWhere('p.folder = :folder', { folder: query.folder });
    if (query.enabled !== undefined) qb.andWhere('p.enabled = :enabled', { enabled: query.enabled });
    qb.orderBy('p.updatedAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);

    const [rows, total] = await qb.getManyAndCount();
    const latest = rows.length
      ? await this.versionsRepo.find({ where: { promptId: In(rows.map((p) => p.id)), isLatest: true } })
      : [];
    const latestByPrompt = new Map(latest.map((v) => [v.promptId, v]));
    return {
      items: rows.map((p) => this.toResponse(p, latestByPrompt.get(p.id) ?? null)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async getPrompt(name: string): Promise<PromptDetailResponseDto> {
    const prompt = await this.locator.find(name);
    const latest = await this.versionsRepo.findOne({
      where: { promptId: prompt.id, isLatest: true },
      relations: { createdBy: true },
    });
    return {
      ...this.toResponse(prompt, latest),
      latest: latest ? await this.versions.toResponse(prompt, latest) : null,
    };
  }

  async createPrompt(body: CreatePromptDto, actor: Actor): Promise<PromptDetailResponseDto> {
    const meta = body.variablesMeta ?? [];
    this.rendering.assertValidContent(body.kind ?? 'text', body.template, body.messages);
    this.rendering.assertValidMeta(meta);
    await this.providers.assertModelConfigSavable(body.modelConfig);
    try {
      await this.transactions.run(async (manager) => {
        if (await manager.existsBy(Prompt, { name: body.name })) throw new PromptAlreadyExistsError(body.name);
        const now = new Date();
        const prompt = await manager.save(
          manager.create(Prompt, {
            name: body.name,
            displayName: body.displayName,
            description: body.description ?? null,
            folder: body.folder || null,
            tags: normalizeTags(body.tags),
            enabled: true,
            createdById: actor.user?.id ?? null,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.audit.record(manager, actor, {
          action: 'prompt.create',
          targetType: 'prompt',
          targetId: prompt.name,
          summary: { after: { displayName: prompt.displayName, folder: prompt.folder, tags: prompt.tags } },
        });
        await this.versions.insertVersion(manager, prompt, versionInput(body), actor, null);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PromptAlreadyExistsError(body.name);
      throw error;
    }
    return this.getPrompt(body.name);
  }

  async updatePrompt(name: string, body: UpdatePromptDto, actor: Actor): Promise<PromptDetailResponseDto> {
    await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const before = metadataOf(prompt);
      if (body.displayName !== undefined) prompt.displayName = body.displayName;
      if (body.description !== undefined) prompt.description = body.description || null;
      if (body.folder !== undefined) prompt.folder = body.folder || null;
      if (body.tags !== undefined) prompt.tags = normalizeTags(body.tags);
      prompt.updatedAt = new Date();
      await manager.save(prompt);
      await this.audit.record(manager, actor, {
        action: 'prompt.update',
        targetType: 'prompt',
        targetId: name,
        summary: { before, after: metadataOf(prompt) },
      });
    });
    await this.events.emitAsync(PromptChangedEvent.NAME, new PromptChangedEvent(name, 'prompt.update'));
    return this.getPrompt(name);
  }

  /**
   * Disabling is a soft delete: history stays, serving stops (410), and it can be undone. Both
   * change what every environment the prompt is deployed in serves, so a protected one (prod)
   * needs the permission that deploying there does.
   */
  async setPromptEnabled(name: string, enabled: boolean, actor: Actor): Promise<PromptDetailResponseDto> {
    const changed = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name);
      if (prompt.enabled === enabled) return false;
      await this.deployments.assertMayChangeServing(manager, prompt.id, actor, enabled ? 'enabling' : 'disabling');
      prompt.enabled = enabled;
      prompt.updatedAt = new Date();
      await manager.save(prompt);
      await this.audit.record(manager, actor, {
        action: enabled ? 'prompt.enable' : 'prompt.disable',
        targetType: 'prompt',
        targetId: name,
        summary: { before: { enabled: !enabled }, after: { enabled } },
      });
      return true;
    });
    if (changed) {
      const event = new PromptChangedEvent(name, enabled ? 'prompt.enable' : 'prompt.disable');
      await this.events.emitAsync(PromptChangedEvent.NAME, event);
    }
    return this.getPrompt(name);
  }

  toResponse(prompt: Prompt, latest: PromptVersion | null): PromptResponseDto {
    return {
      id: prompt.id,
      name: prompt.name,
      displayName: prompt.displayName,
      description: prompt.description,
      folder: prompt.folder,
      tags: prompt.tags,
      enabled: prompt.enabled,
      latestVersion: latest?.version ?? null,
      latestStatus: latest?.status ?? null,
      createdBy: prompt.createdBy?.email ?? null,
      createdAt: prompt.createdAt,
      updatedAt: prompt.updatedAt,
    };
  }
}

export function versionInput(body: CreateVersionDto): CreateVersionDto {
  return {
    kind: body.kind ?? 'text',
    template: body.template,
    messages: body.messages,
    variablesMeta: body.variablesMeta ?? [],
    modelConfig: body.modelConfig ?? {},
    comment: body.comment,
    status: body.status ?? VersionStatus.DRAFT,
  };
}

function metadataOf(prompt: Prompt) {
  return { displayName: prompt.displayName, description: prompt.description, folder: prompt.folder, tags: prompt.tags };
}

function normalizeTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))];
}
