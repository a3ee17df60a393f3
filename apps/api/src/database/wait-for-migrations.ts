import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

/**
 * Resolves once every migration this build knows is applied. A worker starting together with
 * the API (or before `npm run db:migrate` is done) waits here rather than run jobs on old tables.
 */
export async function waitForMigrations(dataSource: DataSource, logger: Logger, pollMs = 2000): Promise<void> {
  let told = false;
  while (await dataSource.showMigrations()) {
    if (!told) {
      logger.warn('The database has migrations to apply (npm run db:migrate); waiting for them before taking jobs');
      told = true;
    }
    await sleep(pollMs);
  }
  if (told) logger.log('The database is up to date');
}
