import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { startApp, TestApp } from './harness';

/** A real Redis of the suite's own, on a free port, that the suite can stop. */
async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const redis: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let tries = 0; !(await accepts(port)); tries++) {
    if (tries > 100 || redis.exitCode !== null || redis.signalCode !== null)
      throw new Error('redis-server did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (redis.exitCode !== null || redis.signalCode !== null) return resolve();
        redis.once('exit', () => resolve());
        redis.kill('SIGKILL');
      }),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The Redis scenarios run a redis-server of their own: CI has one; elsewhere they run when it is installed. */
const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0;
if (process.env.CI && !haveRedisServer) throw new Error('CI needs redis-server for the health suite');
const describeWithRedis = haveRedisServer ? describe : describe.skip;

describeWithRedis('health: what load balancers and uptime checks see', () => {
  let t: TestApp;
  let redis: Awaited<ReturnType<typeof startRedis>>;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('reports the database and Redis as up, and jobs shared through Redis, without credentials', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      database: { status: 'up', type: t.config.database.type },
      redis: { status: 'up' },
      jobs: { mode: 'redis' },
    });
  });

  it('documents both answers, 200 and 503, with the same body', async () => {
    const doc = await t.http.get('/api/openapi.json').expect(200);
    const responses = doc.body.paths['/api/health'].get.responses;
    expect(Object.keys(responses).sort()).toEqual(['200', '503']);
    for (const status of ['200', '503']) {
      expect(responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/HealthResponseDto');
    }
  });

  it('answers 503 naming Redis once Redis stops, and keeps serving the console', async () => {
    await redis.stop();
    const res = await t.http.get('/api/health').expect(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: { status: 'up' }, redis: { status: 'down' } });
    await t.http.get('/api/v1/prompts').set(t.auth).expect(200);
  });
});

describe('health without Redis configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('reports the database only, and jobs run in the process', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.redis).toBeUndefined();
    expect(res.body.jobs).toEqual({ mode: 'inProcess' });
  });
});
