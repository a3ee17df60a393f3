import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { finished, pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/authenticated-user';
import { limitBytes } from '../common/http/streamed-upload';
import { isUniqueViolation } from '../database/errors';
import { TransactionService } from '../database/transaction.service';
import { ValidationFailedError } from '../common/problem/domain.error';
import { isValidPromptName, PROMPT_NAME_RULE } from '@promptops/shared';
import { DatasetFileFormat, FileItem, readItems } from './dataset-files';
import { checkItem, compileRules, ItemRules } from './dataset-schemas';
import { DatasetAlreadyExistsError, DatasetImportInvalidError, DatasetImportTooLargeError } from './datasets.errors';
import { DatasetsService, NewItem, WRITE_BATCH } from './datasets.service';
import { ImportMode } from './dto/dataset-query.dto';
import { DatasetChangeResponseDto } from './dto/dataset-response.dto';

/** The largest file an import reads. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** The most items one import adds: one version, one transaction. */
export const MAX_IMPORT_ITEMS = 100_000;

const SPOOL_BUFFER = 1024 * 1024;

const FORMAT_LABELS: Record<DatasetFileFormat, string> = { csv: 'CSV', jsonl: 'JSONL', json: 'JSON' };

/**
 * Imports a file as one new version. The upload streams to a temporary file, is parsed and
 * checked from there and spooled to another (one JSON line per item), so neither the file nor
 * its items are ever held in memory whole, and the database is not held while a slow client uploads. Only
 * then is one transaction opened to write the spooled items in batches: a bad row anywhere
 * answers 400 naming its line and column, and the dataset stays as it was. With `create`, a
 * dataset that does not exist yet is created with the file's items as its version 1.
 */
@Injectable()
export class DatasetImportsService {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly transactions: TransactionService,
  ) {}

  async importItems(
    name: string,
    format: DatasetFileFormat,
    mode: ImportMode,
    body: Readable,
    actor: Actor,
    create = false,
  ): Promise<DatasetChangeResponseDto> {
    const dataset = create ? await this.datasets.findOptional(name) : await this.datasets.find(name);
    if (!dataset && !isValidPromptName(name)) {
      throw new ValidationFailedError([{ field: 'name', message: `name must be ${PROMPT_NAME_RULE}` }]);
    }
    const rules = compileRules(dataset?.inputSchema ?? null, dataset?.expectedSchema ?? null);
    const spool = new Spool();
    try {
      let count = 0;
      const limited = limitBytes(body, MAX_IMPORT_BYTES, () => new DatasetImportTooLargeError(MAX_IMPORT_BYTES));
      await spool.receive(limited);
      for await (const item of readItems(format, spool.file())) {
        if (++count > MAX_IMPORT_ITEMS) {
          throw new DatasetImportInvalidError(
            `an import holds at most ${MAX_IMPORT_ITEMS.toLocaleString('en-US')} items`,
            {
              line: item.line,
            },
          );
        }
        assertItemValid(rules, item);
        await spool.write(item);
      }
      if (count === 0) throw new DatasetImportInvalidError('the file holds no items');
      await spool.close();

      return await this.transactions.run(async (manager) => {
        const draft = dataset
          ? await this.datasets.startVersion(manager, name)
          : await this.datasets.startDataset(manager, { name }, actor);
        // The schemas may have changed while the file was uploading: check again against the locked row.
        const recheck =
          JSON.stringify([draft.dataset.inputSchema, draft.dataset.expectedSchema]) !==
          JSON.stringify([dataset?.inputSchema ?? null, dataset?.expectedSchema ?? null]);
        if (mode === 'replace') await this.datasets.endAllItems(manager, draft);
        let batch: NewItem[] = [];
        for await (const item of spool.read()) {
          if (recheck) assertItemValid(draft.rules, item);
          batch.push(item);
          if (batch.length === WRITE_BATCH) {
            await this.datasets.insertItems(manager, draft, batch);
            batch = [];
          }
        }
        await this.datasets.insertItems(manager, draft, batch);
        const itemCount = mode === 'replace' ? count : draft.dataset.itemCount + count;
        const change =
          `Imported ${count.toLocaleString('en-US')} item${count === 1 ? '' : 's'} from ${FORMAT_LABELS[format]}` +
          (mode === 'replace' ? ', replacing all items' : '');
        await this.datasets.finishVersion(manager, draft, itemCount, change, actor);
        return { version: draft.version, itemCount, change, addedKeys: [] };
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DatasetAlreadyExistsError(name);
      throw error;
    } finally {
      await spool.dispose();
    }
  }
}

/** A schema failure names the item's line and, for CSV, the column of the variable. */
function assertItemValid(rules: ItemRules, item: FileItem): void {
  const [error] = checkItem(rules, item, 'item');
  if (!error) return;
  const pointer = error.field.replace(/^item\./, '');
  const variable = /^input\/([^/]+)/.exec(pointer)?.[1];
  const column = item.columns
    ? item.columns.indexOf(variable ?? (pointer.startsWith('expected') ? 'expected' : '')) + 1 || undefined
    : undefined;
  throw new DatasetImportInvalidError(`${pointer} ${error.message}`, { line: item.line, column: column ?? pointer });
}

/**
 * The upload and its items parked on disk. The file is first received whole at network speed:
 * the server's request timeout counts until the body has arrived, and parsing on a busy CPU
 * must not make a large upload miss it. Items then wait between parsing and writing, one JSON
 * line each.
 */
class Spool {
  private readonly upload = join(tmpdir(), `promptops-upload-${randomUUID()}`);
  private readonly path = join(tmpdir(), `promptops-import-${randomUUID()}.jsonl`);
  private stream: WriteStream | null = null;

  async receive(body: Readable): Promise<void> {
    await pipeline(body, createWriteStream(this.upload));
  }

  file(): Readable {
    return createReadStream(this.upload);
  }

  async write(item: FileItem): Promise<void> {
    // A large buffer: waiting for a drain every few items would cost a disk round trip each time.
    this.stream ??= createWriteStream(this.path, { encoding: 'utf8', highWaterMark: SPOOL_BUFFER });
    const line = JSON.stringify({
      input: item.input,
      expected: item.expected,
      metadata: item.metadata,
      line: item.line,
    });
    if (!this.stream.write(`${line}\n`)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (!this.stream) return;
    this.stream.end();
    await finished(this.stream);
  }

  async *read(): AsyncGenerator<FileItem> {
    const lines = createInterface({
      input: createReadStream(this.path, { encoding: 'utf8', highWaterMark: SPOOL_BUFFER }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line) yield JSON.parse(line) as FileItem;
    }
  }

  async dispose(): Promise<void> {
    this.stream?.destroy();
    await Promise.all([rm(this.path, { force: true }), rm(this.upload, { force: true })]);
  }
}
