import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { configureApp, createApp } from '../src/app.setup';
import { AppConfig, loadConfig } from '../src/config/app-config';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'admin-password-123';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  dataSource: DataSource;
  /** A supertest agent bound to the app's HTTP server. */
  http: TestAgent;
  /** The first admin's bearer token. */
  adminToken: string;
  /** Authorization header for the first admin. */
  auth: { Authorization: string };
  /** Shuts the app down as SIGTERM does, keeping its database (once; close() then only drops it). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** True when the suite runs against MySQL/MariaDB (DATABASE_URL=mysql://…). */
export const onMysql = /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * Starts the real AppModule, configured exactly as main.ts does, on a database of its own:
 * a fresh SQLite file, or a fresh MySQL database created beside the one in DATABASE_URL, so
 * suites never see each other's rows and can run in parallel.
 */
export interface StartOptions {
  /** Receives the app's log lines (the generated admin password is printed there). */
  logger?: LoggerService;
  /** Sign in as the first admin (needs ADMIN_PASSWORD); default true. */
  signIn?: boolean;
  /** Start on this app's database (after it stopped), as a restarted server would; it is not dropped on close. */
  databaseOf?: TestApp;
}

export async function startApp(env: NodeJS.ProcessEnv = {}, options: StartOptions = {}): Promise<TestApp> {
  const previous = options.databaseOf?.config;
  const database = previous
    ? {
        url: previous.database.type === 'sqlite' ? `sqlite:${previous.database.database}` : previous.database.url,
        drop: async () => undefined,
      }
    : await freshDatabase();
  const config = loadConfig({
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    // A restarted server keeps its secret, or it could not read the provider keys it stored.
    APP_SECRET: previous?.appSecret ?? randomBytes(32).toString('hex'),
    // Each app has its own job queues in a shared Redis, as it has its own database; a restart keeps them.
    JOBS_PREFIX: previous?.jobs.prefix ?? `promptops-test-${randomBytes(4).toString('hex')}`,
    DEMO_DATA: 'false',
    WEB_DIST_DIR: join(tmpdir(), 'promptops-no-web-dist'),
    ...env,
    DATABASE_URL: database.url,
  });
  const app = await createApp(config, options.logger ?? ['error']);
  await configureApp(app, config);
  const dataSource = app.get(DataSource);
  // A server database is not migrated at start-up; do what `npm run db:migrate` does in production.
  if (onMysql) await dataSource.runMigrations();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  const http = request(app.getHttpServer());
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= app.close());
  let adminToken = '';
  if (options.signIn !== false) {
    const login = await http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
    adminToken = login.body.accessToken as string;
  }

  return {
    app,
    config,
    dataSource,
    http,
    adminToken,
    auth: { Authorization: `Bearer ${adminToken}` },
    stop,
    async close() {
      await stop();
      await database.drop();
    },
  };
}

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (base && onMysql) {
    const url = new URL(base.replace(/^mariadb:/, 'mysql:'));
    const name = `promptops_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = await createConnection({ uri: url.toString().replace(/\/[^/]*$/, '/') });
    // latin1 on purpose: the migrations must make every table utf8mb4 whatever the server default.
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET latin1`);
    await admin.end();
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async drop() {
        const conn = await createConnection({ uri: url.toString().replace(/\/[^/]*$/, '/') });
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'promptops-test-'));
  return {
    url: `sqlite:${join(dir, 'test.sqlite')}`,
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
