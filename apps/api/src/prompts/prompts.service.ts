import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { PromptType, VersionStatus } from '@promptops/shared';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { isUniqueViolation } from '../database/errors';
import { DeploymentsService } from '../deployments/deployments.service';
import { escapeLike } from '../database/like';
import { TransactionService } from '../database/transaction.service';
import { ProvidersService } from '../providers/providers.service';
import { deprecationResponse } from '../retirement/retirement-notice';
import { RenderingService } from '../templates/rendering.service';
import { CreatePromptDto } from './dto/create-prompt.dto';
import { CreateVersionDto } from './dto/create-version.dto';
import { ListPromptsQueryDto, PromptFolderQueryDto } from './dto/list-prompts-query.dto';
import {
  PromptDetailResponseDto,
  PromptFolderDto,
  PromptListResponseDto,
  PromptResponseDto,
} from './dto/prompt-response.dto';
import { PromptMetadataDto } from './dto/prompt-metadata.dto';
import { UpdatePromptDto } from './dto/update-prompt.dto';
import { PromptAlreadyExistsError, PromptNotFoundError } from './prompts.errors';
import { PromptChangedEvent } from './prompts.events';
import { PromptLocator } from './prompt-locator.service';
import { Prompt } from './prompt.entity';
import { PromptVersion } from './prompt-version.entity';
import { VersionInput, VersionsService } from './versions.service';

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
            .orWhere("LOWER(p.displayName) LIKE :term ESCAPE '!'", { term })
            .orWhere("LOWER(p.folder) LIKE :term ESCAPE '!'", { term })
            .orWhere("LOWER(p.description) LIKE :term ESCAPE '!'", { term })
            .orWhere(this.tagLike('term')),
        ),
      );
    }
    if (query.folder !== undefined) {
      // A folder holds its sub-folders: `support` lists `support/billing` too. SUBSTR rather than
      // LIKE so the prefix compares as `=` does (LIKE ignores case on SQLite).
      const prefix = `${query.folder}/`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('p.folder = :folder', { folder: query.folder })
            .orWhere('SUBSTR(p.folder, 1, :prefixLength) = :prefix', { prefix, prefixLength: [...prefix].length }),
        ),
      );
    }
    if (query.tag !== undefined)
      qb.andWhere(this.tagEquals('tag'), { tag: query.tag, tagJson: JSON.stringify(query.tag) });
    if (query.enabled !== undefined) qb.andWhere('p.enabled = :enabled', { enabled: query.enabled });
    if (query.type !== undefined) qb.andWhere('p.type = :type', { type: query.type });
    if (query.deprecated !== undefined) {
      qb.andWhere(query.deprecated ? 'p.deprecatedAt IS NOT NULL' : 'p.deprecatedAt IS NULL');
    }

    const sort = query.sort ?? 'updatedAt';
    const order = (query.order ?? (sort === 'updatedAt' || sort === 'createdAt' ? 'desc' : 'asc')).toUpperCase() as
      'ASC' | 'DESC';
    // The author join is many-to-one, so rows never repeat and plain OFFSET/LIMIT pages correctly.
    qb.orderBy(`p.${sort}`, order)
      .addOrderBy('p.id', order)
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);

    const [rows, total] = await qb.getManyAndCount();
    const ids = rows.map((p) => p.id);
    const [latest, served] = await Promise.all([
      ids.length ? this.versionsRepo.find({ where: { promptId: In(ids), isLatest: true } }) : [],
      this.deployments.listServedVersions(ids),
    ]);
    const latestByPrompt = new Map(latest.map((v) => [v.promptId, v]));
    return {
      items: rows.map((p) => ({
        ...this.toResponse(p, latestByPrompt.get(p.id) ?? null),
        deployments: served.get(p.id) ?? [],
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Every folder in use with how many prompts are filed directly in it; the console nests them by `/`. */
  async listPromptFolders(query: PromptFolderQueryDto): Promise<PromptFolderDto[]> {
    const qb = this.prompts
      .createQueryBuilder('p')
      .select('p.folder', 'folder')
      .addSelect('COUNT(*)', 'count')
      .where('p.folder IS NOT NULL')
      .groupBy('p.folder')
      .orderBy('p.folder', 'ASC');
    if (query.enabled !== undefined) qb.andWhere('p.enabled = :enabled', { enabled: query.enabled });
    const rows = await qb.getRawMany<{ folder: string; count: number | string }>();
    return rows.map((r) => ({ folder: r.folder, count: Number(r.count) }));
  }

  /**
   * Tags are a JSON array in a TEXT column. Its JSON functions match whole elements, which a
   * LIKE on the serialized text cannot do safely (tag `a` vs `ab`, or a tag holding `","`).
   */
  private tagEquals(param: string): string {
    return this.transactions.isMysql
      ? `JSON_CONTAINS(p.tags, :${param}Json) = 1`
      : `EXISTS (SELECT 1 FROM json_each(p.tags) WHERE json_each.value = :${param})`;
  }

  /** A tag containing the (lower-cased, LIKE-escaped) pattern in `param`. */
  private tagLike(param: string): string {
    return this.transactions.isMysql
      ? `JSON_SEARCH(LOWER(p.tags), 'one', :${param}, '!') IS NOT NULL`
      : `EXISTS (SELECT 1 FROM json_each(p.tags) WHERE LOWER(json_each.value) LIKE :${param} ESCAPE '!')`;
  }

  /**
   * Prompts and flows for an export, by name: the named ones (each must exist, disabled or not),
   * or all of them, disabled ones only when asked.
   */
  async listForExport(names: string[] | undefined, includeDisabled: boolean): Promise<Prompt[]> {
    if (!names) {
      return this.prompts.find({ where: includeDisabled ? {} : { enabled: true }, order: { name: 'ASC' } });
    }
    const rows = await this.prompts.find({ where: { name: In(names) } });
    const byName = new Map(rows.map((row) => [row.name, row]));
    return [...new Set(names)].map((name) => {
      const prompt = byName.get(name);
      if (!prompt) throw new PromptNotFoundError(name);
      return prompt;
    });
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
    const content = this.versions.contentOf(body);
    await this.providers.assertModelConfigSavable(body.modelConfig);
    await this.createEntry(body, 'prompt', { ...versionInput(body), ...content }, actor);
    return this.getPrompt(body.name);
  }

  /** A new prompt or flow with its version 1, in one transaction. */
  async createEntry(
    body: PromptMetadataDto & { name: string },
    type: PromptType,
    version: VersionInput,
    actor: Actor,
  ): Promise<void> {
    try {
      await this.transactions.run(async (manager) => {
        const prompt = await this.insertEntry(manager, body, type, actor);
        await this.versions.insertVersion(manager, prompt, version, actor, null);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new PromptAlreadyExistsError(body.name);
      throw error;
    }
  }

  /** Inserts a prompt or flow (audited) without versions, for the caller to add them in the same transaction. */
  async insertEntry(
    manager: EntityManager,
    body: PromptMetadataDto & { name: string },
    type: PromptType,
    actor: Actor,
  ): Promise<Prompt> {
    if (await manager.existsBy(Prompt, { name: body.name })) throw new PromptAlreadyExistsError(body.name);
    const now = new Date();
    const prompt = await manager.save(
      manager.create(Prompt, {
        name: body.name,
        displayName: body.displayName,
        description: body.description ?? null,
        folder: body.folder || null,
        tags: normalizeTags(body.tags),
        type,
        enabled: true,
        createdById: actor.user?.id ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await this.audit.record(manager, actor, {
      action: type === 'flow' ? 'flow.create' : 'prompt.create',
      targetType: 'prompt',
      targetId: prompt.name,
      summary: { after: { displayName: prompt.displayName, folder: prompt.folder, tags: prompt.tags } },
    });
    return prompt;
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
      type: prompt.type,
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
      deprecation: deprecationResponse(prompt),
    };
  }
}

export function versionInput(body: CreateVersionDto): VersionInput {
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
