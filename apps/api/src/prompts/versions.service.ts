import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ChatMessageTemplate,
  FlowDefinition,
  ModelConfig,
  PromptType,
  VersionKind,
  VersionStatus,
} from '@promptops/shared';
import { BUILDER_SPEC_FIELDS, type BuilderSpec, type VariableMeta } from '@promptops/templating';
import { createTwoFilesPatch, diffLines } from 'diff';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { TransactionService } from '../database/transaction.service';
import { toPromptflowText } from '@promptops/templating';
import { ProvidersService } from '../providers/providers.service';
import { RunReadinessDto } from '../providers/dto/run-issue.dto';
import { BuilderService } from '../templates/builder.service';
import { RenderingService } from '../templates/rendering.service';
import { CreateVersionDto } from './dto/create-version.dto';
import { DiffLineDto, DiffResponseDto, ValueChangeDto } from './dto/diff-response.dto';
import { VersionListResponseDto, VersionResponseDto, VersionSummaryDto } from './dto/version-response.dto';
import { PromptLocator } from './prompt-locator.service';
import { Prompt } from './prompt.entity';
import { PromptVersion } from './prompt-version.entity';
import { PromptTypeConflictError, VersionNotFoundError, VersionStatusConflictError } from './prompts.errors';
import { PromptChangedEvent } from './prompts.events';

/** A version as the serving paths read it: a plain copy, detached from the ORM. */
export type ServableVersion = Pick<
  PromptVersion,
  'version' | 'status' | 'kind' | 'template' | 'messages' | 'flow' | 'variablesMeta' | 'modelConfig'
>;

/** What a new version holds: a template or messages (a prompt's), or a flow definition (a flow's). */
export interface VersionInput {
  kind?: VersionKind;
  template?: string;
  messages?: ChatMessageTemplate[];
  flow?: FlowDefinition;
  variablesMeta?: VariableMeta[];
  modelConfig?: ModelConfig;
  /** Builder mode: the spec the template (or messages) and declarations were compiled from. */
  builderSpec?: BuilderSpec;
  comment?: string;
  /** Draft unless said; only imports create versions archived (keeping the status they had elsewhere). */
  status?: VersionStatus;
}

/** What a version stores of its input: a chat version's and a flow's `template` are derived text. */
export type StoredContent = Pick<PromptVersion, 'kind' | 'template' | 'messages' | 'flow'>;

export function storedContent(input: VersionInput): StoredContent {
  const kind = input.kind ?? 'text';
  return {
    kind,
    template:
      kind === 'chat'
        ? toPromptflowText(input.messages ?? [])
        : kind === 'flow'
          ? flowText(input.flow)
          : (input.template ?? ''),
    messages: kind === 'chat' ? (input.messages ?? []) : null,
    flow: kind === 'flow' ? (input.flow ?? null) : null,
  };
}

/** Allowed status changes: drafts are published or archived; archived versions can be restored. */
const TRANSITIONS: Record<VersionStatus, VersionStatus[]> = {
  draft: ['published', 'archived'],
  published: ['archived'],
  archived: ['published'],
};

@Injectable()
export class VersionsService {
  constructor(
    @InjectRepository(PromptVersion) private readonly versions: Repository<PromptVersion>,
    private readonly locator: PromptLocator,
    private readonly transactions: TransactionService,
    private readonly rendering: RenderingService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly providers: ProvidersService,
    private readonly builder: BuilderService,
  ) {}

  async listVersions(name: string): Promise<VersionListResponseDto> {
    const prompt = await this.locator.find(name);
    const rows = await this.versions.find({
      where: { promptId: prompt.id },
      relations: { createdBy: true },
      order: { version: 'DESC' },
    });
    const readiness = await this.providers.checkModelConfigs(rows.map((v) => v.modelConfig));
    return { items: rows.map((v, i) => ({ ...this.toSummary(v), ...readiness[i] })), total: rows.length };
  }

  async getVersion(name: string, version: number): Promise<VersionResponseDto> {
    const prompt = await this.locator.find(name);
    return this.toResponse(prompt, await this.findVersion(prompt, version));
  }

  async createVersion(name: string, body: CreateVersionDto, actor: Actor): Promise<VersionResponseDto> {
    const code: Omit<CreateVersionDto, 'builderSpec'> = body;
    const input: VersionInput = { ...code, ...this.contentOf(body) };
    await this.providers.assertModelConfigSavable(body.modelConfig);
    const created = await this.appendVersion(name, 'prompt', input, actor);
    return this.getVersion(name, created.version);
  }

  /**
   * A new prompt version's content, checked: as sent (code), or compiled on the server from its
   * builder spec, whose compile wins over any template, messages or declarations sent beside it.
   */
  contentOf(
    body: CreateVersionDto,
  ): Pick<VersionInput, 'kind' | 'template' | 'messages' | 'variablesMeta' | 'builderSpec'> {
    const kind = body.kind ?? 'text';
    if (!body.builderSpec) {
      this.rendering.assertValidContent(kind, body.template, body.messages);
      this.rendering.assertValidMeta(body.variablesMeta ?? []);
      return { kind, template: body.template, messages: body.messages, variablesMeta: body.variablesMeta };
    }
    const builderSpec = body.builderSpec as BuilderSpec;
    return { kind, ...this.builder.compileForVersion(kind, builderSpec), builderSpec };
  }

  /**
   * Appends a version to a prompt or a flow (`type` says which the caller expects; the other is
   * refused). A version is a full snapshot: declarations and model settings left out carry over
   * from the latest.
   */
  appendVersion(name: string, type: PromptType, body: VersionInput, actor: Actor): Promise<PromptVersion> {
    return this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      if (prompt.type !== type) throw new PromptTypeConflictError(name, prompt.type);
      const latest = await manager.findOneBy(PromptVersion, { promptId: prompt.id, isLatest: true });
      const input: VersionInput = {
        ...body,
        variablesMeta: body.variablesMeta ?? latest?.variablesMeta ?? [],
        modelConfig: body.modelConfig ?? latest?.modelConfig ?? {},
      };
      return this.insertVersion(manager, prompt, input, actor, null);
    });
  }

  async cloneVersion(
    name: string,
    version: number,
    comment: string | undefined,
    actor: Actor,
  ): Promise<VersionResponseDto> {
    const created = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const source = await this.findVersion(prompt, version, manager);
      const input: VersionInput = {
        kind: source.kind,
        template: source.kind === 'chat' ? undefined : source.template,
        messages: source.messages ?? undefined,
        flow: source.flow ?? undefined,
        builderSpec: source.builderSpec ?? undefined,
        variablesMeta: source.variablesMeta,
        modelConfig: source.modelConfig,
        comment: comment ?? `Cloned from version ${version}`,
      };
      return this.insertVersion(manager, prompt, input, actor, version);
    });
    return this.getVersion(name, created.version);
  }

  publishVersion(name: string, version: number, actor: Actor): Promise<VersionResponseDto> {
    return this.changeStatus(name, version, VersionStatus.PUBLISHED, actor);
  }

  archiveVersion(name: string, version: number, actor: Actor): Promise<VersionResponseDto> {
    return this.changeStatus(name, version, VersionStatus.ARCHIVED, actor);
  }

  /** Points "latest" back (or forward) at an existing version without creating a new one. */
  async makeLatest(name: string, version: number, actor: Actor): Promise<VersionResponseDto> {
    const changed = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const target = await this.findVersion(prompt, version, manager);
      if (target.isLatest) return false;
      const previous = await manager.findOneBy(PromptVersion, { promptId: prompt.id, isLatest: true });
      const now = new Date();
      await manager.update(PromptVersion, { promptId: prompt.id, isLatest: true }, { isLatest: false, updatedAt: now });
      await manager.update(PromptVersion, { id: target.id }, { isLatest: true, updatedAt: now });
      await manager.update(Prompt, { id: prompt.id }, { updatedAt: now });
      await this.audit.record(manager, actor, {
        action: 'version.make_latest',
        targetType: 'prompt',
        targetId: name,
        summary: { before: { latest: previous?.version ?? null }, after: { latest: version } },
      });
      return true;
    });
    if (changed) {
      await this.events.emitAsync(PromptChangedEvent.NAME, new PromptChangedEvent(name, 'version.make_latest'));
    }
    return this.getVersion(name, version);
  }

  async diffVersions(name: string, from: number, to: number): Promise<DiffResponseDto> {
    const prompt = await this.locator.find(name);
    const [a, b] = await Promise.all([this.findVersion(prompt, from), this.findVersion(prompt, to)]);
    return {
      from,
      to,
      template: diffTemplates(a.template, b.template, `${name}@${from}`, `${name}@${to}`),
      variables: diffRecords(
        Object.fromEntries(a.variablesMeta.map((m) => [m.name, m])),
        Object.fromEntries(b.variablesMeta.map((m) => [m.name, m])),
      ),
      modelConfig: diffRecords(a.modelConfig as Record<string, unknown>, b.modelConfig as Record<string, unknown>),
      builderSpec: diffBuilderSpecs(a.builderSpec, b.builderSpec),
    };
  }

  /**
   * Appends the next version number and makes it the latest. The caller holds the prompt's
   * lock, so numbers stay consecutive and exactly one version is latest, however many
   * writers arrive at once; the unique (prompt_id, version) index is the last line of defence.
   */
  async insertVersion(
    manager: EntityManager,
    prompt: Prompt,
    input: VersionInput,
    actor: Actor,
    clonedFrom: number | null,
  ): Promise<PromptVersion> {
    const { max } = (await manager
      .createQueryBuilder(PromptVersion, 'v')
      .select('MAX(v.version)', 'max')
      .where('v.promptId = :id', { id: prompt.id })
      .getRawOne<{ max: number | string | null }>()) ?? { max: null };
    const now = new Date();
    await manager.update(PromptVersion, { promptId: prompt.id, isLatest: true }, { isLatest: false, updatedAt: now });
    const version = await manager.save(
      manager.create(PromptVersion, {
        promptId: prompt.id,
        version: Number(max ?? 0) + 1,
        ...storedContent(input),
        builderSpec: input.kind === 'flow' ? null : (input.builderSpec ?? null),
        variablesMeta: input.variablesMeta ?? [],
        modelConfig: input.modelConfig ?? {},
        status: input.status ?? VersionStatus.DRAFT,
        isLatest: true,
        comment: input.comment ?? null,
        clonedFromVersion: clonedFrom,
        createdById: actor.user?.id ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await manager.update(Prompt, { id: prompt.id }, { updatedAt: now });
    await this.audit.record(manager, actor, {
      action: clonedFrom ? 'version.clone' : 'version.create',
      targetType: 'prompt',
      targetId: prompt.name,
      summary: { after: { version: version.version, status: version.status, clonedFrom } },
    });
    return version;
  }

  /** Every version of these prompts, oldest first (an export); inside a transaction when given its manager. */
  async listStoredVersions(promptIds: number[], manager?: EntityManager): Promise<Map<number, PromptVersion[]>> {
    const byPrompt = new Map<number, PromptVersion[]>(promptIds.map((id) => [id, []]));
    if (!promptIds.length) return byPrompt;
    const repo = manager ? manager.getRepository(PromptVersion) : this.versions;
    const rows = await repo.find({ where: { promptId: In(promptIds) }, order: { promptId: 'ASC', version: 'ASC' } });
    for (const row of rows) byPrompt.get(row.promptId)!.push(row);
    return byPrompt;
  }

  /**
   * For the serving paths, which cache what they get: a version by number, the latest, or the
   * newest draft; null when there is none.
   */
  async findServableVersion(
    promptId: number,
    which: number | 'latest' | 'newest-draft',
  ): Promise<ServableVersion | null> {
    const row =
      which === 'latest'
        ? await this.versions.findOneBy({ promptId, isLatest: true })
        : which === 'newest-draft'
          ? await this.versions.findOne({
              where: { promptId, status: VersionStatus.DRAFT },
              order: { version: 'DESC' },
            })
          : await this.versions.findOneBy({ promptId, version: which });
    return row
      ? {
          version: row.version,
          status: row.status,
          kind: row.kind,
          template: row.template,
          messages: row.messages,
          flow: row.flow,
          variablesMeta: row.variablesMeta,
          modelConfig: row.modelConfig,
        }
      : null;
  }

  async toResponse(prompt: Prompt, version: PromptVersion): Promise<VersionResponseDto> {
    return {
      ...this.toSummary(version),
      prompt: prompt.name,
      kind: version.kind,
      template: version.template,
      messages: version.messages,
      flow: version.flow,
      builderSpec: version.builderSpec,
      variablesMeta: version.variablesMeta,
      modelConfig: version.modelConfig,
      ...(await this.providers.checkModelConfig(version.modelConfig)),
    };
  }

  private toSummary(version: PromptVersion): Omit<VersionSummaryDto, keyof RunReadinessDto> {
    return {
      version: version.version,
      status: version.status,
      isLatest: version.isLatest,
      comment: version.comment,
      clonedFromVersion: version.clonedFromVersion,
      createdBy: version.createdBy?.email ?? null,
      createdAt: version.createdAt,
      updatedAt: version.updatedAt,
    };
  }

  private async changeStatus(
    name: string,
    version: number,
    status: VersionStatus,
    actor: Actor,
  ): Promise<VersionResponseDto> {
    await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      await this.changeStatusWithin(manager, prompt, version, status, actor);
    });
    const action = status === VersionStatus.PUBLISHED ? 'version.publish' : 'version.archive';
    await this.events.emitAsync(PromptChangedEvent.NAME, new PromptChangedEvent(name, action));
    return this.getVersion(name, version);
  }

  /**
   * A status change inside the caller's transaction, on a prompt it has locked (an import publishes
   * the drafts it matched), with every rule of a single one; the caller emits PromptChangedEvent
   * once committed.
   */
  async changeStatusWithin(
    manager: EntityManager,
    prompt: Prompt,
    version: number,
    status: VersionStatus,
    actor: Actor,
  ): Promise<void> {
    const row = await this.findVersion(prompt, version, manager);
    if (!TRANSITIONS[row.status].includes(status)) {
      throw new VersionStatusConflictError(prompt.name, version, `is ${row.status} and cannot become ${status}`);
    }
    const now = new Date();
    await manager.update(PromptVersion, { id: row.id }, { status, updatedAt: now });
    await manager.update(Prompt, { id: prompt.id }, { updatedAt: now });
    await this.audit.record(manager, actor, {
      action: status === VersionStatus.PUBLISHED ? 'version.publish' : 'version.archive',
      targetType: 'prompt',
      targetId: prompt.name,
      summary: { version, before: { status: row.status }, after: { status } },
    });
  }

  private async findVersion(prompt: Prompt, version: number, manager?: EntityManager): Promise<PromptVersion> {
    const repo = manager ? manager.getRepository(PromptVersion) : this.versions;
    const row = await repo.findOne({ where: { promptId: prompt.id, version }, relations: { createdBy: true } });
    if (!row) throw new VersionNotFoundError(prompt.name, version);
    return row;
  }
}

function diffTemplates(from: string, to: string, fromName: string, toName: string) {
  const lines: DiffLineDto[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  // Lines, not characters: "Bye." at the end and "Bye.\n" before an added line are the same
  // line, not a removed one and an added one. The unified patch below keeps the exact text.
  for (const part of diffLines(withFinalNewline(from), withFinalNewline(to))) {
    const texts = part.value.replace(/\n$/, '').split('\n');
    for (const text of texts) {
      if (part.added) {
        lines.push({ type: 'added', text, newLine: newLine++ });
        added++;
      } else if (part.removed) {
        lines.push({ type: 'removed', text, oldLine: oldLine++ });
        removed++;
      } else {
        lines.push({ type: 'context', text, oldLine: oldLine++, newLine: newLine++ });
      }
    }
  }
  return { lines, unified: createTwoFilesPatch(fromName, toName, from, to), added, removed };
}

function withFinalNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

function diffRecords(from: Record<string, unknown>, to: Record<string, unknown>): ValueChangeDto[] {
  const names = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  const changes: ValueChangeDto[] = [];
  for (const name of names) {
    const a = from[name];
    const b = to[name];
    if (a === undefined && b !== undefined) changes.push({ name, to: b, change: 'added' });
    else if (a !== undefined && b === undefined) changes.push({ name, from: a, change: 'removed' });
    else if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ name, from: a, to: b, change: 'changed' });
  }
  return changes;
}

/**
 * Builder spec changes field by field (`task`, `constraints`…); a switch between code and
 * builder shows as one `mode` change.
 */
function diffBuilderSpecs(from: BuilderSpec | null, to: BuilderSpec | null): ValueChangeDto[] {
  const fields = (spec: BuilderSpec | null): Record<string, unknown> =>
    spec ? Object.fromEntries(BUILDER_SPEC_FIELDS.map((f) => [f, spec[f]])) : {};
  const changes = diffRecords(fields(from), fields(to));
  const order = (name: string) => BUILDER_SPEC_FIELDS.indexOf(name as (typeof BUILDER_SPEC_FIELDS)[number]);
  changes.sort((a, b) => order(a.name) - order(b.name));
  if (Boolean(from) !== Boolean(to)) {
    changes.unshift({ name: 'mode', from: from ? 'builder' : 'code', to: to ? 'builder' : 'code', change: 'changed' });
  }
  return changes;
}

/** A flow definition as the text that diffs and search read: indented JSON, keys in a fixed order. */
export function flowText(flow: FlowDefinition | undefined): string {
  return JSON.stringify(flow ?? { steps: [], output: '' }, null, 2);
}
