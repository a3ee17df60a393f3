import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The compiled server that suites spawn as real processes (npm run build first; CI builds before them). */
export const ROOT = join(__dirname, '../../..');
export const MAIN = join(ROOT, 'apps/api/dist/main.js');
export const MIGRATE = join(ROOT, 'apps/api/dist/database/migrate.js');

/** A TCP port nothing listens on right now. */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Stops a spawned server as an orchestrator does: SIGTERM, then SIGKILL if it has not exited within
 * `graceMs`. Resolves once it has exited, so a suite never leaves a server running behind it.
 */
export async function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
