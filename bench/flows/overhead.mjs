/**
 * Flow overhead: a diamond flow A → {B, C} → D executed over `POST /api/v1/flows/{name}/execute`
 * with an API key, against a bare Node HTTP server doing the least the same exchange needs (take
 * the request, call the model four times in the same shape — B and C at once — over kept-alive
 * connections, answer JSON), in one run on one machine. The model is the repo's fake server with
 * zero latency, in this process, so what is measured is what PromptOps adds: resolution, four
 * renders, four logged runs and a logged flow run, the scheduler. Not a test: it asserts nothing.
 *
 *   npm run build && node bench/flows/overhead.mjs
 *   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/bench node bench/flows/overhead.mjs
 *
 * BENCH_REQUESTS (default 2000) requests from BENCH_CONCURRENCY (default 16) clients.
 */
import { spawn } from 'node:child_process';
import { Agent, createServer as createHttpServer, request } from 'node:http';
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
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MODEL = 'fake-normal';

function start(args, env) {
  return spawn(process.execPath, [args].flat(), {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** POST JSON over node:http with kept-alive connections; status and parsed answer. */
function postJson(url, body, agent, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** CONCURRENCY clients sending REQUESTS requests in all; latency percentiles and throughput. */
async function load(url, body, headers) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const t = performance.now();
        const { status } = await postJson(url, body, agent, headers);
        latencies.push(performance.now() - t);
        if (status !== 200) failed++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { seconds, rps: REQUESTS / seconds, p50: at(0.5), p99: at(0.99), failed };
}

/** The floor: a bare server that makes the four model calls in the diamond's shape and answers. */
async function floor(fake) {
  const upstream = new Agent({ keepAlive: true, maxSockets: 4 * CONCURRENCY });
  const call = async (content) =>
    (
      await postJson(
        `${fake.url}/v1/chat/completions`,
        { model: MODEL, messages: [{ role: 'user', content }] },
        upstream,
        { authorization: 'Bearer sk-bench' },
      )
    ).body.choices[0].message.content;
  const server = createHttpServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const { inputs } = JSON.parse(Buffer.concat(chunks).toString());
      const a = await call(`Extract: ${inputs.question}`);
      const [b, c] = await Promise.all([call(`Classify: ${a}`), call(`Summarise: ${a}`)]);
      const d = await call(`Answer ${inputs.question} given ${b} and ${c}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ output: d }));
    });
  });
  const port = await freePort();
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const cpu = process.cpuUsage();
  const result = await load(`http://127.0.0.1:${port}/`, { inputs: { question: 'Where is my order?' } });
  const used = process.cpuUsage(cpu);
  server.close();
  upstream.destroy();
  return { title: 'floor: bare Node, same 4 calls', ...result, cpuUs: (used.user + used.system) / REQUESTS };
}

async function promptops(title, fake, env) {
  const migrate = start([MIGRATE], env);
  if ((await new Promise((resolve) => migrate.on('exit', resolve))) !== 0) throw new Error('migration failed');
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
    const call = async (path, body, method = 'POST') => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.accessToken}` },
        body: JSON.stringify(body),
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
    const prompts = {
      extract: 'Extract: {{ text }}',
      classify: 'Classify: {{ text }}',
      summarise: 'Summarise: {{ text }}',
    };
    for (const [name, template] of Object.entries(prompts)) {
      await call('/api/v1/prompts', {
        name,
        displayName: name,
        template,
        modelConfig: { provider: 'fake', model: MODEL },
        status: 'published',
      });
      await call(`/api/v1/prompts/${name}/deployments/prod`, { version: 1 }, 'PUT');
    }
    await call('/api/v1/prompts', {
      name: 'answer',
      displayName: 'answer',
      template: 'Answer {{ question }} given {{ kind }} and {{ summary }}',
      modelConfig: { provider: 'fake', model: MODEL },
      status: 'published',
    });
    await call('/api/v1/prompts/answer/deployments/prod', { version: 1 }, 'PUT');
    await call('/api/v1/flows', {
      name: 'diamond',
      displayName: 'Diamond',
      inputs: [{ name: 'question', type: 'string', required: true }],
      status: 'published',
      definition: {
        steps: [
          { id: 'a', prompt: { name: 'extract' }, inputs: { text: '{{ inputs.question }}' } },
          { id: 'b', prompt: { name: 'classify' }, inputs: { text: '{{ steps.a.output }}' } },
          { id: 'c', prompt: { name: 'summarise' }, inputs: { text: '{{ steps.a.output }}' } },
          {
            id: 'd',
            prompt: { name: 'answer' },
            inputs: {
              question: '{{ inputs.question }}',
              kind: '{{ steps.b.output }}',
              summary: '{{ steps.c.output }}',
            },
          },
        ],
        output: '{{ steps.d.output }}',
      },
    });
    await call('/api/v1/prompts/diamond/deployments/prod', { version: 1 }, 'PUT');
    const { key } = await call('/api/v1/api-keys', { name: 'bench', scopes: ['run'], rateLimitPerMinute: 1_000_000 });
    const cpuBefore = cpuSeconds(api.pid);
    const result = await load(
      `${base}/api/v1/flows/diamond/execute`,
      { inputs: { question: 'Where is my order?' } },
      { 'x-api-key': key },
    );
    const cpuAfter = cpuSeconds(api.pid);
    return { title, ...result, cpuUs: ((cpuAfter - cpuBefore) * 1e6) / REQUESTS };
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.on('exit', resolve));
  }
}

const fake = await FakeLlmServer.start();
const admin = {
  ADMIN_EMAIL: 'bench@example.com',
  ADMIN_PASSWORD: 'bench-password-1',
  APP_SECRET: randomBytes(32).toString('hex'),
};
const rows = [await floor(fake)];
const dir = mkdtempSync(join(tmpdir(), 'promptops-flows-bench-'));
rows.push(
  await promptops('PromptOps, SQLite', fake, { ...admin, DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}` }),
);
if (process.env.BENCH_MYSQL_URL) {
  const url = new URL(process.env.BENCH_MYSQL_URL);
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: url.username,
    password: url.password,
  });
  const database = url.pathname.slice(1);
  await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await connection.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  await connection.end();
  rows.push(await promptops('PromptOps, MariaDB', fake, { ...admin, DATABASE_URL: process.env.BENCH_MYSQL_URL }));
}
await fake.close();

const base = rows[0];
console.log(`\n${REQUESTS} flow runs (4 model calls each), ${CONCURRENCY} clients, model latency 0\n`);
console.log('| | runs/s | p50 ms | p99 ms | CPU µs / run | throughput vs floor | failed |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(
    `| ${row.title} | ${row.rps.toFixed(0)} | ${row.p50.toFixed(1)} | ${row.p99.toFixed(1)} | ${row.cpuUs.toFixed(0)} | ${(row.rps / base.rps).toFixed(2)} | ${row.failed} |`,
  );
}
