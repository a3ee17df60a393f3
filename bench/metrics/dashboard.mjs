/**
 * Metrics dashboard at scale: 1,000,000 runs over 30 days (20 prompts × 3 versions × 2
 * environments × 3 models, ~2 % errors), rolled up by the backfill pass, then the dashboard's
 * reads timed with the real server — `GET /api/v1/metrics/overview?range=30d`, the same with
 * filters, and a prompt's Metrics tab — against a bare node:http server answering the same
 * JSON body, in the same run on the same machine. Not a test: it asserts nothing.
 *
 *   npm run build && node bench/metrics/dashboard.mjs
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/bench node bench/metrics/dashboard.mjs
 *
 * BENCH_RUNS (default 1000000) and BENCH_REQUESTS (default 50) scale it; BENCH_SQLITE=false
 * runs MariaDB only.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, Agent, request } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { freePort, until } from '../lib.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(root, 'apps/api/dist/main.js');
const MIGRATE = join(root, 'apps/api/dist/database/migrate.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const DAYS = 30;
const PROMPTS = Array.from({ length: 20 }, (_, i) => `bench-prompt-${String(i + 1).padStart(2, '0')}`);
const MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini', inPrice: 0.15, outPrice: 0.6 },
  { provider: 'openai', model: 'gpt-4o', inPrice: 2.5, outPrice: 10 },
  { provider: 'anthropic', model: 'claude-3-5-haiku', inPrice: 0.8, outPrice: 4 },
];
const ERROR_CODES = ['PROVIDER_TIMEOUT', 'PROVIDER_RATE_LIMITED', 'PROVIDER_ERROR'];
const COLUMNS = [
  'source',
  'kind',
  'prompt_name',
  'prompt_version',
  'environment',
  'variables',
  'input',
  'provider',
  'model',
  'parameters',
  'output',
  'status',
  'error_code',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
  'latency_ms',
  'created_at',
];

const common = {
  APP_SECRET: randomBytes(32).toString('hex'),
  ADMIN_EMAIL: 'bench@example.com',
  ADMIN_PASSWORD: 'bench-password-1',
  // The bench runs the backfill pass itself and times it; the timer stays out of the way.
  METRICS_ROLLUP_INTERVAL_MS: '3600000',
  REQUEST_TIMEOUT_MS: '3600000',
};

/**
 * The runs, oldest first, as a production log might hold them: prompts used unevenly (Zipf),
 * each version serving about ten days with a 10 % canary of the next one before it takes over,
 * mostly `prod`, mostly the run API, latencies log-normal around 0.8 s, 2 % errors.
 */
function* seedRuns(now) {
  let seed = 12345;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const zipf = PROMPTS.map((_, i) => 1 / (i + 1));
  const zipfTotal = zipf.reduce((a, b) => a + b, 0);
  const pickPrompt = () => {
    let r = random() * zipfTotal;
    for (let i = 0; i < zipf.length; i++) if ((r -= zipf[i]) <= 0) return i;
    return zipf.length - 1;
  };
  const start = now - DAYS * 86_400_000;
  const spacing = (DAYS * 86_400_000) / RUNS;
  for (let i = 0; i < RUNS; i++) {
    const createdAt = Math.floor(start + i * spacing + random() * spacing);
    const day = (createdAt - start) / 86_400_000;
    const p = pickPrompt();
    let version = Math.min(3, 1 + Math.floor(day / 10));
    if (version < 3 && day % 10 > 8 && random() < 0.1) version += 1;
    const model = MODELS[(p + version) % MODELS.length];
    const sourceRoll = random();
    const source = sourceRoll < 0.85 ? 'api' : sourceRoll < 0.95 ? 'webhook' : 'playground';
    const environment = source === 'playground' ? null : random() < 0.8 ? 'prod' : 'staging';
    const failed = random() < 0.02;
    const promptTokens = 200 + Math.floor(random() * 800);
    const completionTokens = failed ? 0 : 50 + Math.floor(random() * 400);
    const cost = failed ? 0 : (promptTokens * model.inPrice + completionTokens * model.outPrice) / 1e6;
    // Log-normal: median 800 ms, a long tail.
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const latency = Math.max(20, Math.round(800 * Math.exp(0.6 * gaussian)));
    yield [
      source,
      'model',
      PROMPTS[p],
      version,
      environment,
      '{}',
      '[]',
      model.provider,
      model.model,
      '{}',
      failed ? null : 'ok',
      failed ? 'error' : 'success',
      failed ? ERROR_CODES[Math.floor(random() * ERROR_CODES.length)] : null,
      promptTokens,
      completionTokens,
      Number(cost.toFixed(10)),
      failed ? Math.round(latency * 3) : latency,
      createdAt,
    ];
  }
}

const sqliteDate = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function seedSqlite(file, now) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const BATCH = 500;
  const statement = db.prepare(
    `INSERT INTO runs (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: BATCH }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`,
  );
  const single = db.prepare(`INSERT INTO runs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const insertAll = db.transaction(() => {
    let batch = [];
    let rows = 0;
    for (const row of seedRuns(now)) {
      row[row.length - 1] = sqliteDate(row[row.length - 1]);
      batch.push(...row);
      if (++rows === BATCH) {
        statement.run(batch);
        batch = [];
        rows = 0;
      }
    }
    for (let i = 0; i < rows; i++) single.run(batch.slice(i * COLUMNS.length, (i + 1) * COLUMNS.length));
  });
  insertAll();
  db.close();
}

async function seedMysql(url, now) {
  const conn = await createConnection({ uri: url, timezone: 'Z' });
  const BATCH = 2000;
  let batch = [];
  const flush = async () => {
    if (!batch.length) return;
    await conn.query(`INSERT INTO runs (${COLUMNS.join(', ')}) VALUES ?`, [batch]);
    batch = [];
  };
  for (const row of seedRuns(now)) {
    row[row.length - 1] = new Date(row[row.length - 1]);
    batch.push(row);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  await conn.end();
}

function start(args, env) {
  return spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function migrate(env) {
  const child = start([MIGRATE], env);
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error('migration failed');
}

/** GET over node:http with a kept-alive connection: status, body and milliseconds. */
function get(url, headers, agent) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks), ms: performance.now() - started }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
};

/** p50/p95 of REQUESTS sequential GETs (after 3 to warm up). */
async function measure(url, headers) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  let body;
  for (let i = 0; i < REQUESTS + 3; i++) {
    const res = await get(url, headers, agent);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.toString().slice(0, 300)}`);
    body = res.body;
    if (i >= 3) times.push(res.ms);
  }
  agent.destroy();
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), body };
}

/** A bare node:http server answering each body as it is: the floor for the same bytes. */
async function floorServer(bodies) {
  const server = createServer((req, res) => {
    const body = bodies.get(req.url);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${server.address().port}` };
}

async function scenario(title, env, seed) {
  await migrate(env);
  const now = Date.now();
  let started = performance.now();
  await seed(now);
  const seedSeconds = (performance.now() - started) / 1000;

  const port = await freePort();
  const api = start([MAIN], { ...env, PORT: String(port) });
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
    const headers = { authorization: `Bearer ${login.accessToken}` };
    for (const name of PROMPTS.slice(0, 3)) {
      const res = await fetch(`${base}/api/v1/prompts`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name, displayName: name, template: 'Hello {{ who }}' }),
      });
      if (!res.ok) throw new Error(`create prompt: ${res.status} ${await res.text()}`);
    }

    started = performance.now();
    const rollup = await fetch(`${base}/api/v1/metrics/rollup`, { method: 'POST', headers });
    if (!rollup.ok) throw new Error(`rollup: ${rollup.status} ${await rollup.text()}`);
    const pass = await rollup.json();
    const rollupSeconds = (performance.now() - started) / 1000;
    // What every later pass costs: the last hour and the rewind window again.
    started = performance.now();
    await fetch(`${base}/api/v1/metrics/rollup`, { method: 'POST', headers });
    const steadySeconds = (performance.now() - started) / 1000;

    const paths = [
      ['overview, 30 d', '/api/v1/metrics/overview?range=30d'],
      [
        'overview, 30 d, prompt + environment',
        `/api/v1/metrics/overview?range=30d&prompt=${PROMPTS[0]}&environment=prod`,
      ],
      // The worst filtered case: a filter finer than the prompt over every prompt reads the full hour rows.
      ['overview, 30 d, environment', '/api/v1/metrics/overview?range=30d&environment=prod'],
      ['overview, 24 h', '/api/v1/metrics/overview?range=24h'],
      ['prompt metrics, 30 d', `/api/v1/prompts/${PROMPTS[0]}/metrics?range=30d`],
    ];
    const reads = [];
    for (const [name, path] of paths) reads.push({ name, path, ...(await measure(`${base}${path}`, headers)) });
    const floor = await floorServer(new Map(reads.map((r) => [r.path, r.body])));
    try {
      for (const read of reads) read.floor = await measure(`${floor.base}${read.path}`, {});
    } finally {
      floor.server.close();
    }
    const [hourRows] = [pass.hourRows];
    return { title, seedSeconds, rollupSeconds, steadySeconds, hourRows, reads };
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.on('exit', resolve));
  }
}

async function freshMysql(url) {
  const base = new URL(url);
  const name = `bench_metrics_${randomBytes(3).toString('hex')}`;
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

const results = [];
if (process.env.BENCH_SQLITE !== 'false') {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-metrics-')), 'db.sqlite');
  results.push(await scenario('SQLite', { ...common, DATABASE_URL: `sqlite:${file}` }, (now) => seedSqlite(file, now)));
}
if (process.env.BENCH_MYSQL_URL) {
  const db = await freshMysql(process.env.BENCH_MYSQL_URL);
  try {
    results.push(await scenario('MariaDB', { ...common, DATABASE_URL: db.url }, (now) => seedMysql(db.url, now)));
  } finally {
    // BENCH_KEEP_DB=true keeps the seeded database, to look at the queries.
    if (process.env.BENCH_KEEP_DB === 'true') console.log(`kept ${db.url}`);
    else await db.drop();
  }
}

console.log(
  `\n${RUNS.toLocaleString('en')} runs over ${DAYS} days; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})\n`,
);
console.log('| database | seed | backfill rollup | hour rows | next pass |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(
    `| ${r.title} | ${r.seedSeconds.toFixed(1)} s | ${r.rollupSeconds.toFixed(1)} s | ${r.hourRows.toLocaleString('en')} | ${Math.round(r.steadySeconds * 1000)} ms |`,
  );
}
console.log(`\n${REQUESTS} sequential requests each, kept-alive connection:\n`);
console.log('| database | request | p50 | p95 | floor p50 | floor p95 | body | p50 vs floor |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  for (const read of r.reads) {
    console.log(
      `| ${r.title} | ${read.name} | ${read.p50.toFixed(1)} ms | ${read.p95.toFixed(1)} ms | ${read.floor.p50.toFixed(2)} ms | ${read.floor.p95.toFixed(2)} ms | ${(read.body.length / 1024).toFixed(0)} KB | ${(read.p50 / read.floor.p50).toFixed(0)}× |`,
    );
  }
}
