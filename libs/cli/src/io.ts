import type { Readable } from 'node:stream';

/**
 * Where a command reads and writes: the process's streams when run as `promptops`, buffers in
 * tests that call `main(argv, io)` in-process.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Read for a password prompt, only when it is a TTY. */
  stdin?: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** The directory relative paths are resolved against. */
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}
