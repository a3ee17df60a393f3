import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { type FileTree, LAYOUT_FILE } from './layout';

/** The layout's files under `root` (folders named like `.git` or `node_modules` are skipped). */
export function readTree(root: string): FileTree {
  const files: FileTree = new Map();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && LAYOUT_FILE.test(entry.name)) {
        files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(root);
  return files;
}

/**
 * Writes a tree under `root`. In each prompt folder it writes, layout files the tree no longer
 * has (a `v2.jinja` after a pull with `--latest`) are removed; anything else there is left alone.
 */
export function writeTree(root: string, files: FileTree): void {
  const folders = new Set([...files.keys()].map((path) => dirname(path)));
  for (const folder of folders) {
    const dir = join(root, folder);
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) {
      if (LAYOUT_FILE.test(name) && !files.has(`${folder}/${name}`)) rmSync(join(dir, name));
    }
  }
  for (const [path, text] of files) writeFileSync(join(root, path), text, 'utf8');
}
