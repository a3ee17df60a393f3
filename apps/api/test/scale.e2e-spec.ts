import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createConnection } from 'mysql2/promise';
import { PromptOps } from '../../../libs/sdk/src';
import { onMysql } from './harness';
import { freePort, MAIN, MIGRATE, ROOT, stopProcess } from './processes';

/**
 * Two real API processes on one MariaDB and one Redis, as behind a load balancer. Runs when
 * DATABASE_URL is MySQL and REDIS_URL is set (CI sets both and SCALE_TEST=required).
 */
const ready = onMysql && !!process.env.REDIS_URL && existsSync(MAIN);
if (process.env.SCALE_TEST === 'required' && !ready) {
  throw new Error('SCALE_TEST=required but DATABASE_URL (mysql), REDIS_URL or apps/api/dist is missing');
}
const describeScale = ready ? describe : describe.skip;

/** What the replicas printed, shown when a test fails. */
const output: string[] = [];

function run(file: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return { value, ms: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeScale('two replicas on one MariaDB and one Redis', () => {
  const database = `promptops_scale_${randomBytes(4).toString('hex')}`;
  const base = new URL((process.env.DATABASE_URL || 'mysql://unused').replace(/^mariadb:/, 'mysql:'));
  const url = new URL(base.toString());
  url.pathname = `/${database}`;
  const env = {
    DATABASE_URL: url.toString(),
    REDIS_URL: process.env.REDIS_URL,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'ops@example.com',
    ADMIN_PASSWORD: 'scale-password-1',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
  };
  const replicas: { process: ChildProcess; url: string }[] = [];
  let token = '';

  const call = async (replica: number, path: string, init: RequestInit & { key?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.key) headers['x-api-key'] = init.key;
    else if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${replicas[replica].url}${path}`, { ...init, headers });
    return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const admin = await createConnection({ uri: base.toString().replace(/\/[^/]*$/, '/') });
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.end();
    // Migrations run once, before the replicas start, as docs/deployment.md says.
    const migrate = run(MIGRATE, env);
    const code = await new Promise((resolve) => migrate.on('exit', resolve));
    if (code !== 0) throw new Error(`migration failed:\n${output.join('')}`);

    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      replicas.push({ process: run(MAIN, { ...env, PORT: String(port) }), url: `http://127.0.0.1:${port}` });
    }
    for (const replica of replicas) {
      await waitFor(
        () =>
          fetch(`${replica.url}/api/health`)
            .then((r) => (r.ok ? true : undefined))
            .catch(() => undefined),
        30_000,
      ).catch(() => {
        throw new Error(`replica did not become healthy:\n${output.join('')}`);
      });
    }
    const login = await call(0, '/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
    });
    token = login.body.accessToken as string;
  }, 60_000);

  afterAll(async () => {
    // Warnings such as a lost Redis subscription explain a failure here.
    if (output.some((line) => /WARN|ERROR/.test(line))) console.log(output.join(''));
    await Promise.all(replicas.map((replica) => stopProcess(replica.process)));
    const admin = await createConnection({ uri: base.toString().replace(/\/[^/]*$/, '/') });
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  });

  const createKey = async (rateLimitPerMinute: number) =>
    (
      await call(0, '/api/v1/api-keys', {
        method: 'POST',
        body: JSON.stringify({ name: `k${rateLimitPerMinute}`, scopes: ['render'], rateLimitPerMinute }),
      })
    ).body;

  it('starts both replicas together on an empty database with exactly one first admin', async () => {
    const users = await call(1, '/api/v1/users');
    expect(users.body.total).toBe(1);
    expect((await call(1, '/api/health')).body.database).toMatchObject({ status: 'up', type: 'mysql' });
  });

  it('serves a deploy made through one replica from the other within a second', async () => {
    await call(0, '/api/v1/prompts', {
      method: 'POST',
      body: JSON.stringify({
        name: 'greeting',
        displayName: 'Greeting',
        template: 'v1 {{ who }}',
        status: 'published',
      }),
    });
    await call(0, '/api/v1/prompts/greeting/deployments/prod', { method: 'PUT', body: JSON.stringify({ version: 1 }) });
    const { key } = await createKey(100_000);
    const render = (replica: number) =>
      call(replica, '/api/v1/prompts/greeting/render', {
        method: 'POST',
        key: key as string,
        body: JSON.stringify({ variables: { who: 'x' } }),
      });
    // Replica 1 caches version 1.
    expect((await render(1)).body.text).toBe('v1 x');

    await call(0, '/api/v1/prompts/greeting/versions', {
      method: 'POST',
      body: JSON.stringify({ template: 'v2 {{ who }}', status: 'published' }),
    });
    await call(0, '/api/v1/prompts/greeting/deployments/prod', { method: 'PUT', body: JSON.stringify({ version: 2 }) });
    const seen = await waitFor(async () => ((await render(1)).body.text === 'v2 x' ? true : undefined), 1000);
    expect(seen.ms).toBeLessThan(1000);
  });

  it('tells an SDK listening on one replica about a deploy made through the other', async () => {
    await call(0, '/api/v1/prompts', {
      method: 'POST',
      body: JSON.stringify({ name: 'pushed', displayName: 'Pushed', template: 'v1 {{ who }}', status: 'published' }),
    });
    await call(0, '/api/v1/prompts/pushed/deployments/prod', { method: 'PUT', body: JSON.stringify({ version: 1 }) });
    const key = (
      await call(0, '/api/v1/api-keys', {
        method: 'POST',
        body: JSON.stringify({ name: 'sdk', scopes: ['read'], rateLimitPerMinute: 100_000 }),
      })
    ).body.key as string;
    let listening = false;
    // A TTL of ten minutes: only the push can bring the new version this quickly.
    const po = new PromptOps({
      baseUrl: replicas[1].url,
      apiKey: key,
      push: true,
      cacheTtlMs: 600_000,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(input).includes('/serving/events') && response.ok) listening = true;
        return response;
      },
    });
    try {
      expect((await po.render('pushed', { who: 'x' })).text).toBe('v1 x');
      await waitFor(async () => (listening ? true : undefined), 5_000);
      await call(0, '/api/v1/prompts/pushed/versions', {
        method: 'POST',
        body: JSON.stringify({ template: 'v2 {{ who }}', status: 'published' }),
      });
      await call(0, '/api/v1/prompts/pushed/deployments/prod', { method: 'PUT', body: JSON.stringify({ version: 2 }) });
      const seen = await waitFor(
        async () => ((await po.render('pushed', { who: 'x' })).text === 'v2 x' ? true : undefined),
        5_000,
      );
      expect(seen.ms).toBeLessThan(1000);
    } finally {
      po.close();
    }
  });

  it('shows a version published or archived through one replica on the other within a second', async () => {
    await call(0, '/api/v1/prompts', {
      method: 'POST',
      body: JSON.stringify({ name: 'farewell', displayName: 'Farewell', template: 'bye {{ who }}' }),
    });
    await call(0, '/api/v1/prompts/farewell/deployments/dev', { method: 'PUT', body: JSON.stringify({ version: 1 }) });
    const { key } = (
      await call(0, '/api/v1/api-keys', {
        method: 'POST',
        body: JSON.stringify({ name: 'reader', scopes: ['read'], rateLimitPerMinute: 100_000 }),
      })
    ).body;
    const status = async (replica: number) =>
      (await call(replica, '/api/v1/prompts/farewell/resolved?environment=dev', { key: key as string })).body.status;
    // Replica 1 caches the draft.
    expect(await status(1)).toBe('draft');

    expect((await call(0, '/api/v1/prompts/farewell/versions/1/publish', { method: 'POST', body: '{}' })).status).toBe(
      200,
    );
    const published = await waitFor(async () => ((await status(1)) === 'published' ? true : undefined), 1000);
    expect(published.ms).toBeLessThan(1000);

    expect((await call(0, '/api/v1/prompts/farewell/versions/1/archive', { method: 'POST', body: '{}' })).status).toBe(
      200,
    );
    const archived = await waitFor(async () => ((await status(1)) === 'archived' ? true : undefined), 1000);
    expect(archived.ms).toBeLessThan(1000);
  });

  it('shares one rate limit across replicas: a 10/min key gets exactly 10 successes', async () => {
    const { key } = await createKey(10);
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const res = await call(i % 2, '/api/v1/prompts/greeting/render', {
        method: 'POST',
        key: key as string,
        body: JSON.stringify({ variables: { who: 'y' } }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
  });

  it('refuses a key revoked through one replica on both', async () => {
    const { key, id } = await createKey(100_000);
    const render = (replica: number) =>
      call(replica, '/api/v1/prompts/greeting/render', {
        method: 'POST',
        key: key as string,
        body: JSON.stringify({ variables: { who: 'z' } }),
      });
    expect((await render(0)).status).toBe(200);
    expect((await render(1)).status).toBe(200);
    expect((await call(0, `/api/v1/api-keys/${id}/revoke`, { method: 'POST', body: '{}' })).status).toBe(200);
    const refused = await waitFor(async () => ((await render(1)).status === 401 ? true : undefined), 1000);
    expect(refused.ms).toBeLessThan(1000);
    expect((await render(0)).status).toBe(401);
  });
});
