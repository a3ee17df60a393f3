/**
 * Hot-path benchmark: requests per second and p50/p99 latency at 64 connections, for a bare
 * Node http server answering a small JSON and for PromptOps' serving paths, in one run on one
 * machine, so the ratios are comparable. Not a test: it asserts nothing.
 *
 *   npm run build && node bench/hot-path/run.mjs [seconds=10]
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/bench node bench/hot-path/run.mjs   # on MySQL
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, cpuSeconds } from '../lib.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seconds = Number(process.argv[2] ?? 10);
const connections = 64;
/** The run rows load the model server too: fewer connections, as the issue that set the target measured. */
const runConnections = 32;
// e.g. BENCH_NODE_ARGS=--cpu-prof to profile the processes under load; BENCH_ONLY=render,run to load some paths
// (floor, health, render, run, stream).
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const only = process.env.BENCH_ONLY;

async function waitHealthy(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function startProcess(args, env) {
  return spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Loads a URL; `server` is the process answering it, whose CPU time per request is reported. */
function load(title, options, server, floor) {
  const cpuBefore = server ? cpuSeconds(server.pid) : null;
  return new Promise((resolve, reject) => {
    autocannon({ connections, duration: seconds, ...options }, (error, result) => {
      if (error) return reject(error);
      const non2xx = result.non2xx + result.errors;
      const cpuAfter = server ? cpuSeconds(server.pid) : null;
      const cpuPerRequestUs =
        cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) / result.requests.total) * 1e6;
      resolve({
        title,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx,
        cpuPerRequestUs,
        floor,
      });
    });
  });
}

/**
 * Time to the first streamed delta, one request at a time (no queueing): what a caller waits
 * before the first word. `marker` is the text that shows a delta has arrived.
 */
async function firstDelta(title, url, headers, marker, requests = 300) {
  const times = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: STREAM_BODY,
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let seen = '';
    let at = null;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      seen += decoder.decode(value, { stream: true });
      if (at === null && seen.includes(marker)) at = performance.now() - started;
    }
    if (at === null) throw new Error(`${title}: no delta in ${seen.slice(0, 300)}`);
    times.push(at);
  }
  times.sort((a, b) => a - b);
  const pick = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { title, p50: pick(0.5), p99: pick(0.99) };
}

/** The repo's fake model (the API tests' and browser tests'), in a process of its own, answering at once. */
const FAKE_MODEL = `require('./apps/api/test/fake-llm/fake-llm-server.js')
  .FakeLlmServer.start({ port: Number(process.env.PORT), keepRequests: false });`;

/**
 * The baseline. A GET answers a small JSON; a POST (the floor row) reads and parses the render
 * request's body and answers a JSON as large as the render answer, doing none of the work.
 */
const BARE = `const answer = (res, value) => {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
require('node:http').createServer((req, res) => {
  if (req.method !== 'POST') return answer(res, { status: 'ok' });
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const { variables } = JSON.parse(text);
    answer(res, {
      text: 'You are a support agent for ' + variables.product + '.\\nQ: Reset password?\\nA: Use the link.\\nQ: ' + variables.question + '\\nA:',
      messages: null, prompt: 'bench-0a1b2c', version: 1, environment: 'prod', resolvedBy: 'environment',
      variables: { ...variables, examples: [{ q: 'Reset password?', a: 'Use the link.' }] },
      modelConfig: { provider: 'bench-model', model: 'bench-model' },
    });
  });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

/**
 * The run path's floor: a bare process that takes the same POST, sends one chat completion to
 * the same model over kept-alive connections and answers the model's text as JSON (streamed:
 * passes the model's deltas on as server-sent events). What any gateway must do, and no more.
 */
const FORWARDER = `const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const model = { host: '127.0.0.1', port: Number(process.env.MODEL_PORT), path: '/v1/chat/completions' };
http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const { variables, stream } = JSON.parse(text);
    const body = JSON.stringify({
      model: 'bench-model',
      stream: stream === true,
      messages: [{ role: 'user', content: 'You are a support agent for ' + variables.product + '.\\nQ: ' + variables.question + '\\nA:' }],
    });
    const call = http.request({ ...model, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (answer) => {
      let reply = '';
      answer.setEncoding('utf8');
      if (stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        answer.on('data', (chunk) => res.write(chunk));
        answer.on('end', () => res.end());
        return;
      }
      answer.on('data', (chunk) => (reply += chunk));
      answer.on('end', () => {
        const { choices, usage } = JSON.parse(reply);
        const out = JSON.stringify({ output: choices[0].message.content, usage });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      });
    });
    call.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');`;

/** The serving paths' request body, also posted to the bare server's floor row. */
const SERVING_BODY = JSON.stringify({ variables: { product: 'Acme', question: 'Where is my order?' } });
const STREAM_BODY = JSON.stringify({ variables: { product: 'Acme', question: 'Where is my order?' }, stream: true });

async function main() {
  const results = [];
  const latencies = [];
  const wanted = (id) => !only || only.split(',').includes(id);

  const barePort = await freePort();
  const bare = startProcess(['-e', BARE], { PORT: String(barePort) });
  await waitHealthy(`http://127.0.0.1:${barePort}/`);
  await load('warm-up', { url: `http://127.0.0.1:${barePort}/`, duration: 2 });
  results.push(await load('bare node:http, small JSON', { url: `http://127.0.0.1:${barePort}/` }, bare));
  if (wanted('floor')) {
    results.push(
      await load(
        'floor: bare node:http POST, parses the render body, answers its size',
        {
          url: `http://127.0.0.1:${barePort}/`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: SERVING_BODY,
        },
        bare,
      ),
    );
  }
  bare.kill();

  const modelPort = await freePort();
  const fakeModel = startProcess(['-e', FAKE_MODEL], { PORT: String(modelPort) });
  await waitHealthy(`http://127.0.0.1:${modelPort}/v1/models`);

  // The run path's floor, loaded like the run rows below.
  let runFloor = null;
  let streamFloor = null;
  if (wanted('run') || wanted('stream')) {
    const forwarderPort = await freePort();
    const forwarder = startProcess(['-e', FORWARDER], { PORT: String(forwarderPort), MODEL_PORT: String(modelPort) });
    const forwarderUrl = `http://127.0.0.1:${forwarderPort}/`;
    await waitHealthy(`http://127.0.0.1:${modelPort}/v1/models`);
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(forwarderUrl, { method: 'POST', body: SERVING_BODY }).then((r) => r.text());
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const post = (body) => ({
      url: forwarderUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: runConnections,
    });
    await load('warm-up', { ...post(SERVING_BODY), duration: 2 });
    if (wanted('run')) {
      runFloor = await load(
        'run floor: bare node:http forwards one chat completion (kept-alive), answers its text',
        post(SERVING_BODY),
        forwarder,
      );
      results.push(runFloor);
    }
    if (wanted('stream')) {
      streamFloor = await load('stream floor: the same, passing the model’s SSE through', post(STREAM_BODY), forwarder);
      results.push(streamFloor);
      latencies.push(await firstDelta('bare forwarder', forwarderUrl, {}, '"content"'));
    }
    await new Promise((resolve) => forwarder.once('exit', resolve).kill());
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const databaseUrl =
    process.env.DATABASE_URL ?? `sqlite:${join(mkdtempSync(join(tmpdir(), 'promptops-bench-')), 'bench.sqlite')}`;
  const api = startProcess([join(root, 'apps/api/dist/main.js')], {
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    APP_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'bench-password-1',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'error',
  });
  try {
    await waitHealthy(`${base}/api/health`);
    const json = (path, body, headers = {}) =>
      fetch(`${base}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json());
    const { accessToken } = await json('/api/v1/auth/login', {
      email: 'bench@example.com',
      password: 'bench-password-1',
    });
    const auth = { authorization: `Bearer ${accessToken}` };
    const name = `bench-${randomBytes(3).toString('hex')}`;
    // The provider first: a version may only name a provider that exists.
    await json(
      '/api/v1/providers',
      { name, kind: 'openai-compatible', baseUrl: `http://127.0.0.1:${modelPort}/v1`, models: [] },
      auth,
    );
    const created = await json(
      '/api/v1/prompts',
      {
        name,
        displayName: 'Bench',
        template:
          'You are a support agent for {{ product }}.\n{% for ex in examples %}Q: {{ ex.q }}\nA: {{ ex.a }}\n{% endfor %}Q: {{ question }}\nA:',
        variablesMeta: [
          { name: 'product', type: 'string', required: true },
          { name: 'examples', type: 'list', default: [{ q: 'Reset password?', a: 'Use the link.' }] },
          { name: 'question', type: 'text', required: true },
        ],
        // The prompt and the provider are new in each run: a reused database keeps earlier ones.
        modelConfig: { provider: name, model: 'bench-model' },
        status: 'published',
      },
      auth,
    );
    if (!created.name) throw new Error(`creating the prompt failed: ${JSON.stringify(created)}`);
    await fetch(`${base}/api/v1/prompts/${name}/deployments/prod`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ version: 1 }),
    });
    const { key } = await json(
      '/api/v1/api-keys',
      { name: 'bench', scopes: ['render', 'run'], rateLimitPerMinute: 1_000_000 },
      auth,
    );

    await load('warm-up', { url: `${base}/api/health`, duration: 2 });
    const serving = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: SERVING_BODY,
    };
    const paths = [
      ['health', 'GET /api/health', { url: `${base}/api/health` }],
      [
        'render',
        'POST /api/v1/prompts/{name}/render (X-API-Key, prod)',
        { url: `${base}/api/v1/prompts/${name}/render`, ...serving },
      ],
      [
        'run',
        'POST /api/v1/run/{name} (X-API-Key, zero-latency model)',
        { url: `${base}/api/v1/run/${name}`, ...serving, connections: runConnections },
        runFloor,
      ],
      [
        'stream',
        'POST /api/v1/run/{name} with stream: true (SSE)',
        { url: `${base}/api/v1/run/${name}`, ...serving, body: STREAM_BODY, connections: runConnections },
        streamFloor,
      ],
    ];
    for (const [id, title, options, floor] of paths) {
      if (!wanted(id)) continue;
      if (id === 'run' || id === 'stream') await load('warm-up', { ...options, duration: 2 });
      results.push(await load(title, options, api, floor));
    }
    if (wanted('stream')) {
      latencies.push(
        await firstDelta('PromptOps run API', `${base}/api/v1/run/${name}`, { 'x-api-key': key }, 'event: delta'),
      );
    }
  } finally {
    // Waiting for the exit lets --cpu-prof write its profile.
    await Promise.all([api, fakeModel].map((child) => new Promise((resolve) => child.once('exit', resolve).kill())));
  }

  const bareRps = results[0].rps;
  const db = databaseUrl.startsWith('mysql') ? 'MySQL/MariaDB' : 'SQLite';
  console.log(
    `\n${cpus().length} × ${cpus()[0].model}, Node ${process.version}, ${connections} connections (run rows ${runConnections}), ${seconds} s each, ${db}\n`,
  );
  console.log('| path | req/s | vs bare | vs its floor | p50 ms | p99 ms | non-2xx | server CPU µs/req |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const vsFloor = r.floor ? `${Math.round((r.rps / r.floor.rps) * 100)}%` : '';
    console.log(
      `| ${r.title} | ${Math.round(r.rps).toLocaleString('en')} | ${Math.round((r.rps / bareRps) * 100)}% | ${vsFloor} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.cpuPerRequestUs === null ? 'n/a' : Math.round(r.cpuPerRequestUs)} |`,
    );
  }
  if (latencies.length) {
    console.log('\nTime to the first streamed delta, one request at a time:\n');
    console.log('| server | p50 ms | p99 ms |');
    console.log('| --- | ---: | ---: |');
    for (const l of latencies) console.log(`| ${l.title} | ${l.p50.toFixed(2)} | ${l.p99.toFixed(2)} |`);
    if (latencies.length === 2) {
      console.log(`\nAdded by PromptOps at p50: ${(latencies[1].p50 - latencies[0].p50).toFixed(2)} ms`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
