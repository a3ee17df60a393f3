import { Readable } from 'node:stream';
import { DatasetFileFormat, FileItem, ItemContent, readItems, writeItems } from './dataset-files';

/** The file split into small chunks, as a network delivers it: items and strings cross chunk edges. */
function chunked(text: string, size = 7): Readable {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

async function read(format: DatasetFileFormat, text: string): Promise<FileItem[]> {
  const items: FileItem[] = [];
  for await (const item of readItems(format, chunked(text))) items.push(item);
  return items;
}

async function readError(format: DatasetFileFormat, text: string) {
  try {
    await read(format, text);
  } catch (error) {
    return error as { code: string; extensions: { line: number | null; column: number | string | null } };
  }
  throw new Error('expected the file to be refused');
}

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
}

describe('dataset files', () => {
  it('reads a JSON array element by element, whatever brackets and quotes its strings hold', async () => {
    const file =
      '\uFEFF[\n {"input": {"q": "a ] } [ {"}, "expected": "say \\"hi\\""},\n {"q": "\\\\", "n": [1, {"x": 2}]}\n]\n';
    const items = await read('json', file);
    expect(items.map(({ input, expected, line }) => ({ input, expected, line }))).toEqual([
      { input: { q: 'a ] } [ {' }, expected: 'say "hi"', line: 2 },
      { input: { q: '\\', n: [1, { x: 2 }] }, expected: null, line: 3 },
    ]);
    expect(await read('json', '[]')).toEqual([]);
  });

  it('names the line and column of a JSON syntax error inside an item, across chunks', async () => {
    const error = await readError('json', '[\n  {"q": "a"},\n  {"q":\n    "b" "c"}\n]');
    expect(error.code).toBe('DATASET_IMPORT_INVALID');
    expect(error.extensions).toEqual({ line: 4, column: 9 });
  });

  it('refuses what is not an array of objects, a trailing comma and text after the end', async () => {
    expect((await readError('json', '{"q": 1}')).extensions).toEqual({ line: 1, column: 1 });
    expect((await readError('json', '[{"q": 1},\n]')).extensions).toEqual({ line: 2, column: 1 });
    expect((await readError('json', '[{"q": 1}] x')).extensions).toEqual({ line: 1, column: 12 });
    expect((await readError('json', '[{"q": 1}, 3]')).extensions).toEqual({ line: 1, column: 12 });
    expect((await readError('json', '[{"q": 1}')).extensions.line).toBe(1);
  });

  it('reads JSONL line by line, skipping blank lines, and names the line of a bad one', async () => {
    const items = await read('jsonl', '{"q":"a"}\r\n\r\n{"input":{"q":"b"},"metadata":{"m":1}}\n');
    expect(items.map(({ input, metadata, line }) => ({ input, metadata, line }))).toEqual([
      { input: { q: 'a' }, metadata: null, line: 1 },
      { input: { q: 'b' }, metadata: { m: 1 }, line: 3 },
    ]);
    expect((await readError('jsonl', '{"q":"a"}\n["not", "an", "object"]\n')).extensions).toEqual({
      line: 2,
      column: 1,
    });
  });

  it('reads CSV with quoted commas, quotes and line breaks; empty cells are missing variables', async () => {
    const items = await read('csv', 'q,tone,expected\n"a, ""b""\nc",,[1]\nd,calm,\n');
    expect(items.map(({ input, expected, line }) => ({ input, expected, line }))).toEqual([
      { input: { q: 'a, "b"\nc' }, expected: [1], line: 3 },
      { input: { q: 'd', tone: 'calm' }, expected: null, line: 4 },
    ]);
    expect((await readError('csv', 'q,q\n1,2\n')).extensions).toEqual({ line: 1, column: 2 });
    expect((await readError('csv', 'q,metadata\n1,[]\n')).extensions).toEqual({ line: 2, column: 2 });
  });

  it('writes each format so that reading it back gives the same items', async () => {
    const items: ItemContent[] = [
      { input: { q: 'plain' }, expected: 'text', metadata: null },
      { input: { q: 'json-like text' }, expected: '{"a":1}', metadata: { tags: ['x'] } },
      { input: { q: 'multi\nline, "quoted"', other: '中文' }, expected: { ok: true }, metadata: null },
    ];
    for (const format of ['csv', 'jsonl', 'json'] as const) {
      const written = await text(writeItems(format, Readable.from(items), ['other', 'q']));
      const back = await read(format, written);
      expect(back.map(({ input, expected, metadata }) => ({ input, expected, metadata }))).toEqual(items);
    }
  });
});
