import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('configuration', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'promptops-config-'));

  it('runs embedded on SQLite with no configuration, keeping a generated secret beside the database', () => {
    const folder = dir();
    const env = { DATABASE_URL: `sqlite:${join(folder, 'db.sqlite')}` };
    const first = loadConfig(env);
    expect(first).toMatchObject({ port: 3000, embedded: true, demoData: true, database: { type: 'sqlite' } });
    expect(first.appSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(folder, 'app-secret'), 'utf8').trim()).toBe(first.appSecret);
    // Sessions survive a restart: the same secret is read back.
    expect(loadConfig(env).appSecret).toBe(first.appSecret);
  });

  it('creates the data folder and the secret for their owner only', () => {
    const folder = join(dir(), 'data');
    loadConfig({ DATABASE_URL: `sqlite:${join(folder, 'db.sqlite')}` });
    expect((statSync(folder).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(join(folder, 'app-secret')).mode & 0o777).toString(8)).toBe('600');
  });

  it('reads how deep a JSON body may nest', () => {
    const base = { DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(base).jsonMaxDepth).toBe(64);
    expect(loadConfig({ ...base, JSON_MAX_DEPTH: '16' }).jsonMaxDepth).toBe(16);
    expect(() => loadConfig({ ...base, JSON_MAX_DEPTH: '0' })).toThrow(/JSON_MAX_DEPTH must not be less than 2/);
  });

  it('reads the request timeouts, refusing a header timeout longer than the request timeout', () => {
    const base = { DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(base).http).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000 });
    expect(loadConfig({ ...base, REQUEST_TIMEOUT_MS: '2000' }).http).toEqual({
      requestTimeoutMs: 2000,
      headersTimeoutMs: 2000,
    });
    expect(() => loadConfig({ ...base, REQUEST_TIMEOUT_MS: '2000', HEADERS_TIMEOUT_MS: '5000' })).toThrow(
      /HEADERS_TIMEOUT_MS must not be larger than REQUEST_TIMEOUT_MS/,
    );
  });

  it('requires APP_SECRET on MySQL and says so', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/test' })).toThrow(
      /APP_SECRET is required when DATABASE_URL is a MySQL database/,
    );
    const config = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/test', APP_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({ embedded: false, demoData: false, database: { type: 'mysql' } });
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x', APP_SECRET: 'short', ADMIN_EMAIL: 'nobody' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT must be an integer number');
    expect(message).toContain('DATABASE_URL must be sqlite:<file>');
    expect(message).toContain('APP_SECRET must be at least 32 characters');
    expect(message).toContain('ADMIN_EMAIL must be an email address');
  });

  it('believes forwarded client addresses only from the proxies it is told about', () => {
    const base = { DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(base).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
    ]);
    // "true" would believe whatever a client puts first in X-Forwarded-For.
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must be false, a number/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'my-proxy.example.com' })).toThrow(/TRUST_PROXY/);
  });

  it('keeps an in-memory database free of files', () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:' });
    expect(config.database).toEqual({ type: 'sqlite', database: ':memory:' });
    expect(existsSync(join(process.cwd(), 'app-secret'))).toBe(false);
  });

  it('runs jobs in the API process without Redis, and in Redis shared by every process with it', () => {
    const base = { DATABASE_URL: 'sqlite::memory:' };
    expect(loadConfig(base).jobs).toEqual({
      mode: 'inProcess',
      work: true,
      prefix: 'promptops',
      concurrency: 4,
      lockMs: 30_000,
      backoffMs: 5_000,
    });
    const shared = loadConfig(
      {
        ...base,
        REDIS_URL: 'redis://127.0.0.1:6379',
        JOBS_IN_API: 'false',
        JOBS_PREFIX: 'staging',
        JOBS_LOCK_MS: '2000',
      },
      'api',
    );
    expect(shared.jobs).toMatchObject({ mode: 'redis', work: false, prefix: 'staging', lockMs: 2000 });
    expect(loadConfig({ ...base, REDIS_URL: 'redis://127.0.0.1:6379', JOBS_IN_API: 'false' }, 'worker').jobs.work).toBe(
      true,
    );
    expect(() => loadConfig({ ...base, WORKER_CONCURRENCY: '0', JOBS_LOCK_MS: '10' })).toThrow(
      /WORKER_CONCURRENCY must not be less than 1[\s\S]*JOBS_LOCK_MS must not be less than 1000/,
    );
  });

  it('refuses to start a worker without Redis, since it would have nobody to share jobs with', () => {
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:' }, 'worker')).toThrow(/A worker needs REDIS_URL/);
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', JOBS_IN_API: 'false' })).toThrow(
      /JOBS_IN_API=false needs REDIS_URL/,
    );
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:', REDIS_URL: 'redis://127.0.0.1:6379' }, 'worker').role).toBe(
      'worker',
    );
  });
});
