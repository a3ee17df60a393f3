/**
 * Experiment throughput: results per second for 1,000 items × 2 variants × 3 repetitions with a
 * zero-latency model (the repo's fake server, in this process) and an exact-match scorer, against
 * a bare Node process doing the least the same work needs (each call to the model over node:http
 * with kept-alive connections, and the comparison), in one run on one machine. CPU per result is
 * the PromptOps processes' own (the floor's includes the fake server's). Not a test: it asserts
 * nothing.
 *
 *   npm run build && node bench/experiments/throughput.mjs
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/bench REDIS_URL=redis://127.0.0.1:6379 node bench/experiments/throughput.mjs
 *
 * Rows: the floor; PromptOps in one process on SQLite (the embedded default); and, when
 * BENCH_MYSQL_URL and REDIS_URL are set, one process on MariaDB and an API plus two workers on
 * MariaDB and Redis (BullMQ).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import fakeServer from '../../apps/api/test/fake-llm/fake-llm-server.js';
import { freePort, cpuSeconds, until } from '../lib.mjs';

const { FakeLlmServer } = fakeServer;
const root = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(root, 'apps/api/dist/main.js');
const MIGRATE = join(root, 'apps/api/dist/database/migrate.js');
const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const VARIANTS = 2;
const REPETITIONS = 3;
const TOTAL = ITEMS * VARIANTS * REPETITIONS;
/** Calls at a time: PromptOps' defaults (4 jobs × 8 calls per process). */
const CONCURRENCY = 32;

// e.g. BENCH_NODE_ARGS=--cpu-prof to profile the PromptOps processes.
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

function start(args, env) {
  return spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** POST a JSON body over node:http with kept-alive connections; the parsed JSON answer. */
function postJson(url, body, agent) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          authorization: 'Bearer sk-bench',
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** The least the same work needs: each call to the model over kept-alive connections, and the comparison. */
async function floor(fake) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const items = Array.from({ length: ITEMS }, (_, i) => ({ a: i, b: 2 * i }));
  const jobs = [];
  for (let r = 0; r < REPETITIONS; r++)
    for (const item of items) for (let v = 0; v < VARIANTS; v++) jobs.push({ item, numberOnly: v === 1 });
  let next = 0;
  let passed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const { item, numberOnly } = jobs[next++];
        const content = `What is ${item.a} + ${item.b}?${numberOnly ? ' Answer with the number only.' : ''}`;
        const answer = await postJson(
          `${fake.url}/v1/chat/completions`,
          { model: 'fake-calc', messages: [{ role: 'user', content }] },
          agent,
        );
        if (answer.choices[0].message.content.trim() === String(item.a + item.b)) passed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return {
    title: 'floor: bare Node, same calls + comparison',
    seconds,
    cpuUs: (used.user + used.system) / TOTAL,
    passed,
  };
}

/** PromptOps: the processes given, an experiment started over HTTP, timed until it completes. */
async function promptops(title, fake, { env, workers = 0, migrate = false }) {
  if (migrate) {
    const child = start([MIGRATE], env);
    const code = await new Promise((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error('migration failed');
  }
  const port = await freePort();
  const api = start([MAIN], { ...env, PORT: String(port), ...(workers > 0 ? { JOBS_IN_API: 'false' } : {}) });
  const extra = Array.from({ length: workers }, () => start([MAIN, 'worker'], env));
  const processes = [api, ...extra];
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(() => fetch(`${base}/api/health`).then((r) => r.ok));
    const login = await (
      await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
      })
    ).json();
    const call = async (path, body) => {
      const response = await fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    await call('/api/v1/providers', {
      name: 'fake',
      kind: 'openai-compatible',
      baseUrl: `${fake.url}/v1`,
      apiKey: 'sk-bench',
    });
    const variablesMeta = [
      { name: 'a', type: 'int', required: true },
      { name: 'b', type: 'int', required: true },
    ];
    const modelConfig = { provider: 'fake', model: 'fake-calc' };
    await call('/api/v1/prompts', {
      name: 'sum',
      displayName: 'Sum',
      template: 'What is {{ a }} + {{ b }}?',
      variablesMeta,
      modelConfig,
    });
    await call('/api/v1/prompts/sum/versions', {
      template: 'What is {{ a }} + {{ b }}? Answer with the number only.',
      variablesMeta,
      modelConfig,
    });
    const items = Array.from({ length: ITEMS }, (_, i) => ({ input: { a: i, b: 2 * i }, expected: String(3 * i) }));
    await call('/api/v1/datasets', { name: 'sums', items });
    const cpuBefore = processes.map((p) => cpuSeconds(p.pid));
    const started = performance.now();
    const created = await call('/api/v1/experiments', {
      name: 'throughput',
      dataset: 'sums',
      variants: [
        { prompt: 'sum', version: 1 },
        { prompt: 'sum', version: 2 },
      ],
      repetitions: REPETITIONS,
      scorers: [{ name: 'exact', kind: 'exact_match' }],
    });
    const done = await until(async () => {
      const experiment = await call(`/api/v1/experiments/${created.id}`);
      return experiment.status === 'completed' ? experiment : undefined;
    }, 600_000);
    const seconds = (performance.now() - started) / 1000;
    const cpu = processes.reduce((sum, p, i) => sum + ((cpuSeconds(p.pid) ?? 0) - (cpuBefore[i] ?? 0)), 0);
    if (done.progress.done !== TOTAL) throw new Error(`expected ${TOTAL} results, got ${done.progress.done}`);
    return { title, seconds, cpuUs: (cpu / TOTAL) * 1e6 };
  } finally {
    for (const p of processes) p.kill('SIGTERM');
  }
}

async function freshMysql(url) {
  const base = new URL(url);
  const name = `bench_exp_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection({ uri: base.toString().replace(/\/[^/]*$/, '/') });
  await admin.query(`CREATE DATABASE \`${name}\``);
  await admin.end();
  base.pathname = `/${name}`;
  return {
    url: base.toString(),
    async drop() {
      const conn = await createConnection({ uri: base.toString().replace(/\/[^/]*$/, '/') });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

const fake = await FakeLlmServer.start({ keepRequests: false });
const common = {
  APP_SECRET: randomBytes(32).toString('hex'),
  ADMIN_EMAIL: 'bench@example.com',
  ADMIN_PASSWORD: 'bench-password-1',
};
const rows = [await floor(fake)];
rows.push(
  await promptops('PromptOps, one process, SQLite (in-process jobs)', fake, {
    env: { ...common, DATABASE_URL: `sqlite:${join(mkdtempSync(join(tmpdir(), 'bench-exp-')), 'db.sqlite')}` },
  }),
);
if (process.env.BENCH_MYSQL_URL && process.env.REDIS_URL) {
  for (const [title, workers] of [
    ['PromptOps, one process, MariaDB (in-process jobs)', 0],
    ['PromptOps, API + 2 workers, MariaDB + Redis (BullMQ)', 2],
  ]) {
    const db = await freshMysql(process.env.BENCH_MYSQL_URL);
    try {
      const env = {
        ...common,
        DATABASE_URL: db.url,
        ...(workers
          ? { REDIS_URL: process.env.REDIS_URL, JOBS_PREFIX: `bench-${randomBytes(3).toString('hex')}` }
          : {}),
      };
      rows.push(await promptops(title, fake, { env, workers, migrate: true }));
    } finally {
      await db.drop();
    }
  }
}
await fake.close();

const floorRate = TOTAL / rows[0].seconds;
console.log(
  `\n${ITEMS} items × ${VARIANTS} variants × ${REPETITIONS} repetitions = ${TOTAL} results, zero-latency model\n`,
);
console.log('| | seconds | results/s | vs floor | CPU / result |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const row of rows) {
  const rate = TOTAL / row.seconds;
  console.log(
    `| ${row.title} | ${row.seconds.toFixed(1)} | ${Math.round(rate).toLocaleString('en')} | ${Math.round((rate / floorRate) * 100)} % | ${Math.round(row.cpuUs)} µs |`,
  );
}
