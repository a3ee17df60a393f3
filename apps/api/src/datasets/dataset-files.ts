import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { parse as parseJson } from 'secure-json-parse';
import { DatasetImportInvalidError } from './datasets.errors';

export const DATASET_FILE_FORMATS = ['csv', 'jsonl', 'json'] as const;
export type DatasetFileFormat = (typeof DATASET_FILE_FORMATS)[number];

/** One item as a file holds it, with the line it starts on (for errors that name it). */
export interface FileItem {
  input: Record<string, unknown>;
  expected: unknown;
  metadata: Record<string, unknown> | null;
  line: number;
  /** A CSV file's header, to name the column of a variable. */
  columns?: string[];
}

/** The item fields a file can carry, in the shape export writes and import reads. */
export interface ItemContent {
  input: Record<string, unknown>;
  expected: unknown;
  metadata: Record<string, unknown> | null;
}

/** No single item (a CSV record, a JSONL line, a JSON array element) may exceed this. */
export const MAX_ITEM_CHARS = 1024 * 1024;

/** CSV columns that are not input variables. */
const EXPECTED_COLUMN = 'expected';
const METADATA_COLUMN = 'metadata';

/** Reads items from a file as it streams in; throws DatasetImportInvalidError naming line and column. */
export function readItems(format: DatasetFileFormat, body: Readable): AsyncGenerator<FileItem> {
  if (format === 'csv') return readCsv(body);
  if (format === 'jsonl') return readJsonl(body);
  return readJsonArray(body);
}

/**
 * The header names the columns: each becomes an input variable, except `expected` (JSON when it
 * parses as JSON, else the text) and `metadata` (a JSON object). An empty cell is a variable the
 * item lacks, as a spreadsheet user means it.
 */
async function* readCsv(body: Readable): AsyncGenerator<FileItem> {
  const parser = parseCsv({
    bom: true,
    info: true,
    max_record_size: MAX_ITEM_CHARS,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  body.on('error', (error) => parser.destroy(error));
  body.pipe(parser);
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        header = record.map((name) => name.trim());
        const empty = header.findIndex((name) => name === '');
        if (empty >= 0)
          throw new DatasetImportInvalidError('the header has an empty column name', { line, column: empty + 1 });
        const seen = new Set<string>();
        header.forEach((name, i) => {
          if (seen.has(name))
            throw new DatasetImportInvalidError(`column "${name}" appears twice`, { line, column: i + 1 });
          seen.add(name);
        });
        continue;
      }
      if (record.length !== header.length) {
        throw new DatasetImportInvalidError(
          `expected ${header.length} columns as in the header, found ${record.length}`,
          { line, column: Math.min(record.length, header.length) + 1 },
        );
      }
      const input: Record<string, unknown> = {};
      let expected: unknown = null;
      let metadata: Record<string, unknown> | null = null;
      for (let i = 0; i < header.length; i++) {
        const name = header[i];
        const cell = record[i];
        if (name === EXPECTED_COLUMN) {
          expected = cell === '' ? null : jsonOrText(cell);
        } else if (name === METADATA_COLUMN) {
          if (cell.trim() === '') continue;
          const value = tryJson(cell);
          if (!isPlainObject(value)) {
            throw new DatasetImportInvalidError('metadata must be a JSON object', { line, column: i + 1 });
          }
          metadata = value;
        } else if (cell !== '') {
          input[name] = cell;
        }
      }
      yield { input, expected, metadata, line, columns: header };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const column = typeof error.column === 'number' ? error.column + 1 : undefined;
      const line = typeof error.lines === 'number' ? error.lines : undefined;
      throw new DatasetImportInvalidError(csvMessage(error), { line, column });
    }
    throw error;
  }
  if (!header) throw new DatasetImportInvalidError('the file is empty: a CSV needs a header row', { line: 1 });
}

function csvMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quoted field has text after its closing quote';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'the row has a different number of columns than the header';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row is larger than ${MAX_ITEM_CHARS / 1024} KiB`;
    default:
      return error.message;
  }
}

/** One JSON value per line; blank lines are skipped. */
async function* readJsonl(body: Readable): AsyncGenerator<FileItem> {
  const lines = createInterface({ input: body.setEncoding('utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    if (text.length > MAX_ITEM_CHARS) {
      throw new DatasetImportInvalidError(`the line is larger than ${MAX_ITEM_CHARS / 1024} KiB`, { line, column: 1 });
    }
    const value = parseValue(text, { line, column: 1 });
    yield { ...toItem(value, line, 1), line };
  }
}

/**
 * A JSON array of items, read element by element: a small scanner finds where each top-level
 * element starts and ends (tracking strings, nesting, lines and columns), and each element's text
 * is parsed on its own. Memory stays at one element, and errors name the line and column in the
 * file. (stream-json would stream too, but reports no positions, and its maintained line is ESM-only.)
 */
async function* readJsonArray(body: Readable): AsyncGenerator<FileItem> {
  let line = 1;
  let column = 0;
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let element = '';
  let elementAt = { line: 1, column: 1 };
  let expectValue = true;
  let afterComma = false;
  const fail = (message: string) => {
    throw new DatasetImportInvalidError(message, { line, column });
  };
  let first = true;
  for await (const chunk of body.setEncoding('utf8') as AsyncIterable<string>) {
    const text = first ? chunk.replace(/^\uFEFF/, '') : chunk;
    first = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') {
        line++;
        column = 0;
      } else {
        column++;
      }
      if (depth > 0) {
        element += c;
        if (element.length > MAX_ITEM_CHARS) fail(`an item is larger than ${MAX_ITEM_CHARS / 1024} KiB`);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') inString = false;
          continue;
        }
        if (c === '"') inString = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          depth--;
          if (depth === 0) {
            const value = parseValue(element, elementAt);
            yield { ...toItem(value, elementAt.line, elementAt.column), line: elementAt.line };
            element = '';
          }
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
      if (ended) fail('unexpected text after the closing "]"');
      if (!started) {
        if (c !== '[') fail('a JSON import must be an array of items, starting with "["');
        started = true;
      } else if (c === ']') {
        if (afterComma) fail('unexpected "]" after ","');
        ended = true;
      } else if (c === ',') {
        if (expectValue) fail('unexpected ","');
        expectValue = true;
        afterComma = true;
      } else if (c === '{' || c === '[') {
        if (!expectValue) fail('expected "," between items');
        afterComma = false;
        depth = 1;
        element = c;
        elementAt = { line, column };
        expectValue = false;
      } else {
        fail(`each item must be a JSON object, found "${c}"`);
      }
    }
  }
  if (!started) throw new DatasetImportInvalidError('the file is empty: expected a JSON array', { line: 1, column: 1 });
  if (depth > 0 || inString) fail('the file ends inside an item');
  if (!ended) fail('the file ends before the closing "]"');
}

/** Parses one item's text; a syntax error names the line and column within the file. */
function parseValue(text: string, at: { line: number; column: number }): unknown {
  try {
    return parseJson(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const where = position ? advance(at, text.slice(0, Number(position[1]))) : at;
    throw new DatasetImportInvalidError(
      `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`,
      where,
    );
  }
}

/** The line and column reached after reading `text` from `at`. */
function advance(at: { line: number; column: number }, text: string): { line: number; column: number } {
  const breaks = text.split('\n');
  if (breaks.length === 1) return { line: at.line, column: at.column + text.length };
  return { line: at.line + breaks.length - 1, column: breaks[breaks.length - 1].length + 1 };
}

/** `{input, expected?, metadata?}`, or a flat object whose keys are the input variables. */
function toItem(value: unknown, line: number, column: number): ItemContent {
  if (!isPlainObject(value)) throw new DatasetImportInvalidError('an item must be a JSON object', { line, column });
  const keys = Object.keys(value);
  const wrapped = 'input' in value && keys.every((k) => k === 'input' || k === 'expected' || k === 'metadata');
  if (!wrapped) return { input: value, expected: null, metadata: null };
  if (!isPlainObject(value.input)) {
    throw new DatasetImportInvalidError('"input" must be an object of variables', { line, column });
  }
  const metadata = value.metadata ?? null;
  if (metadata !== null && !isPlainObject(metadata)) {
    throw new DatasetImportInvalidError('"metadata" must be an object', { line, column });
  }
  return { input: value.input, expected: value.expected ?? null, metadata };
}

/**
 * Writes items in one of the import formats, as a stream: what import reads back unchanged.
 * CSV needs its columns up front: `variables` names the input variables, in order.
 */
export function writeItems(
  format: DatasetFileFormat,
  items: AsyncIterable<ItemContent>,
  variables: string[],
): Readable {
  if (format === 'csv') return writeCsv(items, variables);
  return Readable.from(format === 'jsonl' ? jsonLines(items) : jsonArray(items));
}

async function* jsonLines(items: AsyncIterable<ItemContent>): AsyncGenerator<string> {
  for await (const item of items) yield `${JSON.stringify(contentOf(item))}\n`;
}

async function* jsonArray(items: AsyncIterable<ItemContent>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const item of items) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(contentOf(item))}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

function contentOf(item: ItemContent): Record<string, unknown> {
  return {
    input: item.input,
    ...(item.expected !== null && item.expected !== undefined ? { expected: item.expected } : {}),
    ...(item.metadata ? { metadata: item.metadata } : {}),
  };
}

function writeCsv(items: AsyncIterable<ItemContent>, variables: string[]): Readable {
  const csv = stringify({ header: true, columns: [...variables, EXPECTED_COLUMN, METADATA_COLUMN] });
  const rows = Readable.from(
    (async function* () {
      for await (const item of items) {
        const row: Record<string, string> = {};
        for (const name of variables) row[name] = cellOf(item.input[name]);
        row[EXPECTED_COLUMN] = expectedCell(item.expected);
        row[METADATA_COLUMN] = item.metadata ? JSON.stringify(item.metadata) : '';
        yield row;
      }
    })(),
  );
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}

/** Text as it is; anything else as JSON (CSV has only text). */
function cellOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Import reads `expected` as JSON when it parses: text that looks like JSON is quoted so it comes back as text. */
function expectedCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return JSON.stringify(value);
  return tryJson(value) === undefined ? value : JSON.stringify(value);
}

function jsonOrText(cell: string): unknown {
  const value = tryJson(cell);
  return value === undefined ? cell : value;
}

/** Text that cannot start a JSON value is not tried (a thrown parse error costs more than the check). */
const JSON_START = /^\s*[[{"\-0-9tfn]/;

function tryJson(text: string): unknown {
  if (!JSON_START.test(text)) return undefined;
  try {
    return parseJson(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
