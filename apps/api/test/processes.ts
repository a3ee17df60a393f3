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
