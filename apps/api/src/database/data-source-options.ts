import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { createOwnerOnlyDatabaseFile } from './sqlite-file';

/** One set of entities and migrations; only the driver settings differ between SQLite and MySQL. */
export function dataSourceOptions(config: Pick<AppConfig, 'database'>): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: ['error' as const],
  };
  if (config.database.type === 'sqlite') {
    createOwnerOnlyDatabaseFile(config.database.database);
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.database.database,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        // With WAL, NORMAL never corrupts the database and spares an fsync per commit.
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: config.database.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: 10,
    connectTimeout: 10000,
  };
}
