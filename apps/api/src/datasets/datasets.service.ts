import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isValidPromptName, JsonValue, TransferDataset } from '@promptops/shared';
import { Brackets, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { FieldError, ValidationFailedError } from '../common/problem/domain.error';
import { isUniqueViolation } from '../database/errors';
import { escapeLike } from '../database/like';
import { TransactionService } from '../database/transaction.service';
import { RunsService } from '../runs/runs.service';
import { DatasetFileFormat, isPlainObject, ItemContent, writeItems } from './dataset-files';
import { checkItem, compileRules, ItemRules } from './dataset-schemas';
import { DatasetItem } from './dataset-item.entity';
import { DatasetVersion } from './dataset-version.entity';
import { Dataset } from './dataset.entity';
import {
  DatasetAlreadyExistsError,
  DatasetItemInvalidError,
  DatasetItemNotFoundError,
  DatasetNotFoundError,
  DatasetSchemaInvalidError,
  DatasetVersionNotFoundError,
} from './datasets.errors';
import { CreateDatasetDto, UpdateDatasetDto } from './dto/create-dataset.dto';
import { AddItemFromRunDto, ChangeDatasetItemsDto, DatasetItemInputDto } from './dto/dataset-item-input.dto';
import { DatasetItemsQueryDto, ListDatasetsQueryDto } from './dto/dataset-query.dto';
import {
  DatasetChangeResponseDto,
  DatasetItemDto,
  DatasetItemListResponseDto,
  DatasetListResponseDto,
  DatasetResponseDto,
  DatasetVariablesResponseDto,
  DatasetVersionListResponseDto,
} from './dto/dataset-response.dto';

/** One item of one version, as experiments read it. */
export interface DatasetItemRecord {
  /** The row id: this content of the item, never changed. */
  id: number;
  itemKey: string;
  input: Record<string, unknown>;
  /** null when none. */
  expected: unknown;
  metadata: Record<string, unknown> | null;
}

/** A new item row's content, as a change writes it. */
export interface NewItem extends ItemContent {
  itemKey?: string;
  sourceRunId?: number | null;
}

/** A version being written: the locked dataset and the number the new version takes. */
export interface VersionDraft {
  dataset: Dataset;
  version: number;
  now: Date;
  rules: ItemRules;
}

/** Rows read per query when a whole version is walked (export, variables, experiments). */
const READ_BATCH = 1000;
/** Rows written per INSERT: well under SQLite's bound-parameter limit. */
export const WRITE_BATCH = 500;

/**
 * Datasets and their immutable versions. A version's items are the rows with addedIn ≤ N and
 * (removedIn null or > N); a change ends rows (removedIn) and adds rows, never rewrites one.
 */
@Injectable()
export class DatasetsService {
  constructor(
    @InjectRepository(Dataset) private readonly datasets: Repository<Dataset>,
    @InjectRepository(DatasetVersion) private readonly versions: Repository<DatasetVersion>,
    @InjectRepository(DatasetItem) private readonly items: Repository<DatasetItem>,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly runs: RunsService,
  ) {}

  // ---- the contract experiments use ----

  /** Latest when version is omitted; DatasetNotFoundError / DatasetVersionNotFoundError (404). */
  async getVersion(
    name: string,
    version?: number,
  ): Promise<{ datasetId: number; name: string; version: number; itemCount: number }> {
    const dataset = await this.find(name);
    const row = await this.findVersion(dataset, version);
    return { datasetId: dataset.id, name: dataset.name, version: row.version, itemCount: row.itemCount };
  }

  /** The items of one version in a stable order (by row id). */
  async listVersionItems(datasetId: number, version: number): Promise<DatasetItemRecord[]> {
    const records: DatasetItemRecord[] = [];
    for await (const row of this.walkVersion(datasetId, version)) records.push(toRecord(row));
    return records;
  }

  /** Every dataset with the items of its latest version (an export), by name. */
  async listForExport(): Promise<TransferDataset[]> {
    const rows = await this.datasets.find({ order: { name: 'ASC' } });
    const exported: TransferDataset[] = [];
    for (const dataset of rows) {
      const items = await this.listVersionItems(dataset.id, dataset.latestVersion);
      exported.push({ name: dataset.name, description: dataset.description, items: items.map(itemContent) });
    }
    return exported;
  }

  // ---- datasets ----

  async listDatasets(query: ListDatasetsQueryDto): Promise<DatasetListResponseDto> {
    const qb = this.datasets.createQueryBuilder('d').leftJoinAndSelect('d.createdBy', 'author');
    if (query.search?.trim()) {
      const term = `%${escapeLike(query.search.trim().toLowerCase())}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("LOWER(d.name) LIKE :term ESCAPE '!'", { term })
            .orWhere("LOWER(d.description) LIKE :term ESCAPE '!'", { term }),
        ),
      );
    }
    qb.orderBy('d.updatedAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toResponse), total, page: query.page, pageSize: query.pageSize };
  }

  async getDataset(name: string): Promise<DatasetResponseDto> {
    return toResponse(await this.find(name));
  }

  async createDataset(body: CreateDatasetDto, actor: Actor): Promise<DatasetResponseDto> {
    const rules = compileRules(body.inputSchema ?? null, body.expectedSchema ?? null);
    const items = (body.items ?? []).map(fromInput);
    assertItemsValid(rules, items, 'items');
    try {
      await this.transactions.run(async (manager) => {
        const draft = await this.startDataset(manager, body, actor);
        await this.insertItems(manager, draft, items);
        await this.finishVersion(manager, draft, items.length, 'Created', actor);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DatasetAlreadyExistsError(body.name);
      throw error;
    }
    return this.getDataset(body.name);
  }

  /**
   * Inserts a new dataset (audited) and answers the draft of its version 1, for the caller to
   * fill and finish in the same transaction. A name taken meanwhile fails on the unique index.
   */
  async startDataset(
    manager: EntityManager,
    body: Pick<CreateDatasetDto, 'name' | 'description' | 'inputSchema' | 'expectedSchema'>,
    actor: Actor,
  ): Promise<VersionDraft> {
    if (await manager.existsBy(Dataset, { name: body.name })) throw new DatasetAlreadyExistsError(body.name);
    const now = new Date();
    const dataset = await manager.save(
      manager.create(Dataset, {
        name: body.name,
        description: body.description || null,
        inputSchema: body.inputSchema ?? null,
        expectedSchema: body.expectedSchema ?? null,
        latestVersion: 0,
        itemCount: 0,
        createdById: actor.user?.id ?? null,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await this.audit.record(manager, actor, {
      action: 'dataset.create',
      targetType: 'dataset',
      targetId: dataset.name,
      summary: { after: { description: dataset.description } },
    });
    return { dataset, version: 1, now, rules: compileRules(dataset.inputSchema, dataset.expectedSchema) };
  }

  /** The dataset, or null when there is none by that name. */
  async findOptional(name: string): Promise<Dataset | null> {
    if (!isValidPromptName(name)) return null;
    return this.datasets.findOneBy({ name });
  }

  /**
   * Description and schemas. A schema must compile, and the latest version's items must satisfy
   * it (else 400 naming the first items that do not): schemas describe the items, they do not
   * make a version of their own.
   */
  async updateDataset(name: string, body: UpdateDatasetDto, actor: Actor): Promise<DatasetResponseDto> {
    await this.transactions.run(async (manager) => {
      const dataset = await this.lock(manager, name);
      const before = settingsOf(dataset);
      if (body.description !== undefined) dataset.description = body.description || null;
      if (body.inputSchema !== undefined) dataset.inputSchema = body.inputSchema;
      if (body.expectedSchema !== undefined) dataset.expectedSchema = body.expectedSchema;
      const schemasChanged = body.inputSchema !== undefined || body.expectedSchema !== undefined;
      if (schemasChanged) {
        const rules = compileRules(dataset.inputSchema, dataset.expectedSchema);
        await this.assertLatestItemsSatisfy(manager, dataset, rules);
      }
      dataset.updatedAt = new Date();
      await manager.save(dataset);
      await this.audit.record(manager, actor, {
        action: 'dataset.update',
        targetType: 'dataset',
        targetId: name,
        summary: { before, after: settingsOf(dataset) },
      });
    });
    return this.getDataset(name);
  }

  /** Deletes the dataset with every version and item (and, by the foreign keys, its experiments). */
  async deleteDataset(name: string, actor: Actor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const dataset = await this.lock(manager, name);
      // Items first, in one statement: the cascade would do it row by row on SQLite.
      await manager.delete(DatasetItem, { datasetId: dataset.id });
      await manager.delete(DatasetVersion, { datasetId: dataset.id });
      await manager.delete(Dataset, { id: dataset.id });
      await this.audit.record(manager, actor, {
        action: 'dataset.delete',
        targetType: 'dataset',
        targetId: name,
        summary: { before: { latestVersion: dataset.latestVersion, items: dataset.itemCount } },
      });
    });
  }

  // ---- versions and items ----

  async listVersions(name: string): Promise<DatasetVersionListResponseDto> {
    const dataset = await this.find(name);
    const rows = await this.versions.find({
      where: { datasetId: dataset.id },
      relations: { createdBy: true },
      order: { version: 'DESC' },
    });
    return {
      items: rows.map((v) => ({
        version: v.version,
        itemCount: v.itemCount,
        change: v.change,
        createdBy: v.createdBy?.email ?? null,
        createdAt: v.createdAt,
      })),
      total: rows.length,
    };
  }

  async listItems(name: string, query: DatasetItemsQueryDto): Promise<DatasetItemListResponseDto> {
    const dataset = await this.find(name);
    const version = await this.findVersion(dataset, query.version);
    // In the order items were first added: an edited item keeps its place instead of moving last.
    const [rows, total] = await this.inVersion(this.items.createQueryBuilder('i'), dataset.id, version.version)
      .addSelect(
        '(SELECT MIN(f.id) FROM dataset_items f WHERE f.dataset_id = i.dataset_id AND f.item_key = i.item_key)',
        'first_id',
      )
      .orderBy('first_id', 'ASC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getManyAndCount();
    return { version: version.version, items: rows.map(toItemDto), total, page: query.page, pageSize: query.pageSize };
  }

  /** Each input variable of a version's items with how many items have it, most common first. */
  async listVariables(name: string, version?: number): Promise<DatasetVariablesResponseDto> {
    const dataset = await this.find(name);
    const row = await this.findVersion(dataset, version);
    const counts = await this.countVariables(dataset.id, row.version);
    return {
      version: row.version,
      itemCount: row.itemCount,
      variables: [...counts]
        .map(([variable, items]) => ({ name: variable, items }))
        .sort((a, b) => b.items - a.items || a.name.localeCompare(b.name)),
    };
  }

  /** One new version from a batch of additions, updates (by key) and removals (by key). */
  async changeItems(name: string, body: ChangeDatasetItemsDto, actor: Actor): Promise<DatasetChangeResponseDto> {
    const add = (body.add ?? []).map(fromInput);
    const update = (body.update ?? []).map((u) => ({ ...fromInput(u), itemKey: u.itemKey }));
    const remove = body.remove ?? [];
    if (add.length + update.length + remove.length === 0) {
      throw new ValidationFailedError([{ field: 'add', message: 'Add, update or remove at least one item' }]);
    }
    assertDistinctKeys(
      update.map((u) => u.itemKey),
      remove,
    );
    return this.transactions.run(async (manager) => {
      const draft = await this.startVersion(manager, name);
      assertItemsValid(draft.rules, add, 'add');
      assertItemsValid(draft.rules, update, 'update');
      await this.endItems(manager, draft, [...update.map((u) => u.itemKey), ...remove]);
      const added = await this.insertItems(manager, draft, [...update, ...add]);
      const change = body.change?.trim() || describeChange(add.length, update.length, remove.length);
      const itemCount = draft.dataset.itemCount + add.length - remove.length;
      await this.finishVersion(manager, draft, itemCount, change, actor);
      return { version: draft.version, itemCount, change, addedKeys: added.slice(update.length) };
    });
  }

  /** A run's variables as a new item's input, its output (unless `expected` is given) as expected. */
  async addItemFromRun(name: string, body: AddItemFromRunDto, actor: Actor): Promise<DatasetChangeResponseDto> {
    const run = await this.runs.getRun(body.runId);
    if (run.status === 'running') {
      throw new ValidationFailedError([
        { field: 'runId', message: `Run ${run.id} is still under way; add it once it ends` },
      ]);
    }
    const item: NewItem = {
      input: run.variables,
      expected: body.expected !== undefined ? body.expected : run.output,
      metadata: body.metadata ?? null,
      sourceRunId: run.id,
    };
    return this.transactions.run(async (manager) => {
      const draft = await this.startVersion(manager, name);
      assertItemsValid(draft.rules, [item], 'run');
      const [key] = await this.insertItems(manager, draft, [item]);
      const change = `Added run #${run.id}`;
      const itemCount = draft.dataset.itemCount + 1;
      await this.finishVersion(manager, draft, itemCount, change, actor);
      return { version: draft.version, itemCount, change, addedKeys: [key] };
    });
  }

  /** Removes one item (by key) in a new version. */
  removeItem(name: string, itemKey: string, actor: Actor): Promise<DatasetChangeResponseDto> {
    return this.changeItems(name, { remove: [itemKey] }, actor);
  }

  /** The items of a version in an import format, streamed in batches; the file name to offer. */
  async exportItems(
    name: string,
    format: DatasetFileFormat,
    version?: number,
  ): Promise<{ stream: Readable; filename: string }> {
    const dataset = await this.find(name);
    const row = await this.findVersion(dataset, version);
    const variables = format === 'csv' ? [...(await this.countVariables(dataset.id, row.version)).keys()] : [];
    const rows = this.walkVersion(dataset.id, row.version);
    const stream = writeItems(format, rows, variables.sort());
    return { stream, filename: `${dataset.name}-v${row.version}.${format}` };
  }

  // ---- writing a version (also used by imports) ----

  /**
   * Locks the dataset and reserves the next version number. Writers to one dataset queue on the
   * row lock (MySQL) or the one-at-a-time transactions (SQLite), so numbers never repeat or skip.
   */
  async startVersion(manager: EntityManager, name: string): Promise<VersionDraft> {
    const dataset = await this.lock(manager, name);
    return {
      dataset,
      version: dataset.latestVersion + 1,
      now: new Date(),
      rules: compileRules(dataset.inputSchema, dataset.expectedSchema),
    };
  }

  /** Ends the current rows of these keys in the new version; a key with no current row is a 404. */
  async endItems(manager: EntityManager, draft: VersionDraft, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += WRITE_BATCH) {
      const batch = keys.slice(i, i + WRITE_BATCH);
      const result = await manager
        .createQueryBuilder()
        .update(DatasetItem)
        .set({ removedIn: draft.version })
        .where('dataset_id = :id AND removed_in IS NULL AND item_key IN (:...keys)', {
          id: draft.dataset.id,
          keys: batch,
        })
        .execute();
      if (result.affected !== batch.length) {
        const live = await manager
          .createQueryBuilder(DatasetItem, 'i')
          .select('i.itemKey', 'itemKey')
          .where('i.datasetId = :id AND i.removedIn = :v AND i.itemKey IN (:...keys)', {
            id: draft.dataset.id,
            v: draft.version,
            keys: batch,
          })
          .getRawMany<{ itemKey: string }>();
        const found = new Set(live.map((r) => r.itemKey));
        throw new DatasetItemNotFoundError(draft.dataset.name, batch.find((k) => !found.has(k)) ?? batch[0]);
      }
    }
  }

  /** Ends every current row: the new version starts empty (an import that replaces). */
  async endAllItems(manager: EntityManager, draft: VersionDraft): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(DatasetItem)
      .set({ removedIn: draft.version })
      .where('dataset_id = :id AND removed_in IS NULL', { id: draft.dataset.id })
      .execute();
  }

  /** Inserts rows valid from the new version on, in batches; answers their keys in order. */
  async insertItems(manager: EntityManager, draft: VersionDraft, items: NewItem[]): Promise<string[]> {
    const keys: string[] = [];
    for (let i = 0; i < items.length; i += WRITE_BATCH) {
      const rows = items.slice(i, i + WRITE_BATCH).map((item) => {
        const itemKey = item.itemKey ?? randomUUID();
        keys.push(itemKey);
        return {
          datasetId: draft.dataset.id,
          itemKey,
          addedIn: draft.version,
          removedIn: null,
          input: item.input,
          expected: item.expected ?? null,
          metadata: item.metadata ?? null,
          sourceRunId: item.sourceRunId ?? null,
          createdAt: draft.now,
        };
      });
      await manager
        .createQueryBuilder()
        .insert()
        .into(DatasetItem)
        .values(rows as QueryDeepPartialEntity<DatasetItem>[])
        .updateEntity(false)
        .execute();
    }
    return keys;
  }

  /** Records the version, moves the dataset's latest version and count, and audits it. */
  async finishVersion(
    manager: EntityManager,
    draft: VersionDraft,
    itemCount: number,
    change: string,
    actor: Actor,
  ): Promise<void> {
    await manager.insert(DatasetVersion, {
      datasetId: draft.dataset.id,
      version: draft.version,
      itemCount,
      change,
      createdById: actor.user?.id ?? null,
      createdAt: draft.now,
    });
    await manager.update(
      Dataset,
      { id: draft.dataset.id },
      { latestVersion: draft.version, itemCount, updatedAt: draft.now },
    );
    if (draft.version > 1) {
      await this.audit.record(manager, actor, {
        action: 'dataset.version',
        targetType: 'dataset',
        targetId: draft.dataset.name,
        summary: {
          before: { version: draft.dataset.latestVersion, items: draft.dataset.itemCount },
          after: { version: draft.version, items: itemCount, change },
        },
      });
    }
  }

  // ---- reading ----

  async find(name: string): Promise<Dataset> {
    if (!isValidPromptName(name)) throw new DatasetNotFoundError(name);
    const dataset = await this.datasets.findOne({ where: { name }, relations: { createdBy: true } });
    if (!dataset) throw new DatasetNotFoundError(name);
    return dataset;
  }

  private async lock(manager: EntityManager, name: string): Promise<Dataset> {
    if (!isValidPromptName(name)) throw new DatasetNotFoundError(name);
    const qb = manager.createQueryBuilder(Dataset, 'd').where('d.name = :name', { name });
    if (this.transactions.isMysql) qb.setLock('pessimistic_write');
    const dataset = await qb.getOne();
    if (!dataset) throw new DatasetNotFoundError(name);
    return dataset;
  }

  private async findVersion(dataset: Dataset, version?: number): Promise<DatasetVersion> {
    const wanted = version ?? dataset.latestVersion;
    const row = await this.versions.findOneBy({ datasetId: dataset.id, version: wanted });
    if (!row) throw new DatasetVersionNotFoundError(dataset.name, wanted);
    return row;
  }

  private inVersion<T extends SelectQueryBuilder<DatasetItem>>(qb: T, datasetId: number, version: number): T {
    return qb
      .where('i.datasetId = :datasetId', { datasetId })
      .andWhere('i.addedIn <= :version', { version })
      .andWhere(new Brackets((w) => w.where('i.removedIn IS NULL').orWhere('i.removedIn > :version', { version })));
  }

  /** A version's rows by id, read in batches so memory stays flat however large it is. */
  private async *walkVersion(datasetId: number, version: number, manager?: EntityManager): AsyncGenerator<DatasetItem> {
    let after = 0;
    const repo = manager ? manager.getRepository(DatasetItem) : this.items;
    for (;;) {
      const rows = await this.inVersion(repo.createQueryBuilder('i'), datasetId, version)
        .andWhere('i.id > :after', { after })
        .orderBy('i.id', 'ASC')
        .limit(READ_BATCH)
        .getMany();
      yield* rows;
      if (rows.length < READ_BATCH) return;
      after = rows[rows.length - 1].id;
    }
  }

  private async countVariables(datasetId: number, version: number): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for await (const row of this.walkVersion(datasetId, version)) {
      for (const key of Object.keys(row.input)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  private async assertLatestItemsSatisfy(manager: EntityManager, dataset: Dataset, rules: ItemRules): Promise<void> {
    if (!rules.input && !rules.expected) return;
    const errors: FieldError[] = [];
    for await (const row of this.walkVersion(dataset.id, dataset.latestVersion, manager)) {
      errors.push(...checkItem(rules, row, `items[${row.itemKey}]`));
      if (errors.length >= 5) break;
    }
    if (errors.length) {
      throw new DatasetSchemaInvalidError(
        `The latest version's items do not satisfy the schema: ${errors[0].field} ${errors[0].message}` +
          (errors.length > 1 ? ` (and other items)` : ''),
        errors,
      );
    }
  }
}

export function assertItemsValid(rules: ItemRules, items: NewItem[], field: string): void {
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    const prefix = item.itemKey ? `${field}[${index}](${item.itemKey})` : `${field}[${index}]`;
    if (!isPlainObject(item.input)) errors.push({ field: `${prefix}.input`, message: 'must be an object' });
    else errors.push(...checkItem(rules, item, prefix));
  });
  if (errors.length) throw new DatasetItemInvalidError(errors.slice(0, 20));
}

function assertDistinctKeys(update: string[], remove: string[]): void {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const [field, keys] of [
    ['update', update],
    ['remove', remove],
  ] as const) {
    keys.forEach((key, index) => {
      if (seen.has(key)) errors.push({ field: `${field}[${index}]`, message: `item "${key}" is changed twice` });
      seen.add(key);
    });
  }
  if (errors.length) throw new DatasetItemInvalidError(errors);
}

function describeChange(added: number, updated: number, removed: number): string {
  const parts = [
    added ? `added ${added}` : null,
    updated ? `updated ${updated}` : null,
    removed ? `removed ${removed}` : null,
  ].filter(Boolean) as string[];
  const text = parts.join(', ');
  const total = added + updated + removed;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} item${total === 1 ? '' : 's'}`;
}

function fromInput(item: DatasetItemInputDto): NewItem {
  return { input: item.input, expected: item.expected ?? null, metadata: item.metadata ?? null };
}

/** An item as files and bundles carry it: input, and expected and metadata when it has them. */
export function itemContent(item: ItemContent): JsonValue {
  return {
    input: item.input as JsonValue,
    ...(item.expected !== null && item.expected !== undefined ? { expected: item.expected as JsonValue } : {}),
    ...(item.metadata ? { metadata: item.metadata as JsonValue } : {}),
  };
}

function toRecord(row: DatasetItem): DatasetItemRecord {
  return { id: row.id, itemKey: row.itemKey, input: row.input, expected: row.expected, metadata: row.metadata };
}

function toItemDto(row: DatasetItem): DatasetItemDto {
  return { ...toRecord(row), sourceRunId: row.sourceRunId, addedIn: row.addedIn };
}

function toResponse(dataset: Dataset): DatasetResponseDto {
  return {
    id: dataset.id,
    name: dataset.name,
    description: dataset.description,
    inputSchema: dataset.inputSchema as Record<string, unknown> | null,
    expectedSchema: dataset.expectedSchema as Record<string, unknown> | null,
    latestVersion: dataset.latestVersion,
    itemCount: dataset.itemCount,
    createdBy: dataset.createdBy?.email ?? null,
    createdAt: dataset.createdAt,
    updatedAt: dataset.updatedAt,
  };
}

function settingsOf(dataset: Dataset): { [key: string]: JsonValue } {
  return {
    description: dataset.description,
    inputSchema: dataset.inputSchema as JsonValue,
    expectedSchema: dataset.expectedSchema as JsonValue,
  };
}
