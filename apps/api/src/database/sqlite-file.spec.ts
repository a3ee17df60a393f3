import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOwnerOnlyDatabaseFile } from './sqlite-file';

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('creating the embedded SQLite file', () => {
  it('creates missing folders and the file for their owner only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'promptops-sqlite-')), 'data', 'nested', 'promptops.sqlite');
    createOwnerOnlyDatabaseFile(file);
    expect(mode(file)).toBe('600');
    expect(mode(join(file, '..'))).toBe('700');
    expect(mode(join(file, '..', '..'))).toBe('700');
    expect(statSync(file).size).toBe(0);
  });

  it('leaves an existing database as it is', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'promptops-sqlite-')), 'promptops.sqlite');
    writeFileSync(file, 'existing', { mode: 0o640 });
    createOwnerOnlyDatabaseFile(file);
    expect(mode(file)).toBe('640');
    expect(statSync(file).size).toBe(8);
  });
});
