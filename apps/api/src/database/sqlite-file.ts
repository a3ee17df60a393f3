import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The SQLite file holds prompts, encrypted provider keys and key hashes: its folder and the
 * file are created for the owner only. SQLite gives the WAL and shared-memory files the mode of
 * the database file, so they follow. An existing file keeps the mode its operator chose.
 */
export function createOwnerOnlyDatabaseFile(file: string): void {
  if (file === ':memory:' || existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // An empty file is an empty SQLite database; 'wx' never truncates one created meanwhile.
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
