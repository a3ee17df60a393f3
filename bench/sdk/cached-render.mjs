// The SDK's cached `render`: latency per call (p50, p99) against a floor, and bytes allocated per call.
// Usage: npm run build -w @promptops/sdk && node --expose-gc --min-semi-space-size=64 bench/sdk/cached-render.mjs [calls]
//
// The floor is the least a cached render can do in the same process: an awaited function that
// looks the template up in a Map and replaces its placeholders. The SDK's hit path adds the TTL
// check, strict variable validation against the version's declarations and the Jinja2 engine.
import { cpus } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { PromptOps } from '../../libs/sdk/dist/index.mjs';

const calls = Number(process.argv[2] ?? 100_000);
const ALLOCATION_CALLS = 2_000;

const resolved = {
  prompt: 'order-update',
  environment: 'prod',
  version: 4,
  status: 'published',
  kind: 'text',
  template: 'Hello {{ name }}, your order {{ order }} ships on {{ day }}.',
  messages: null,
  variablesMeta: [
    { name: 'name', type: 'string', required: true },
    { name: 'order', type: 'string', required: true },
    { name: 'day', type: 'string', required: true },
  ],
  modelConfig: { model: 'gpt-4o-mini' },
  rollout: null,
  serveDebugDrafts: false,
};
const variables = { name: 'Ada', order: 'A-1234', day: 'Friday' };
const expected = 'Hello Ada, your order A-1234 ships on Friday.';

let requests = 0;
const po = new PromptOps({
  baseUrl: 'http://promptops.invalid',
  apiKey: 'po_bench',
  cacheTtlMs: 3_600_000,
  fetch: async () => {
    requests += 1;
    return new Response(JSON.stringify(resolved), { headers: { 'content-type': 'application/json', etag: '"v4"' } });
  },
});
const sdkRender = async () => (await po.render('order-update', variables)).text;

const templates = new Map([['order-update', resolved.template]]);
const floorRender = async () => templates.get('order-update').replace(/\{\{ (\w+) \}\}/g, (_, name) => variables[name]);

async function latencies(render, count) {
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await render();
    samples[i] = Number(process.hrtime.bigint() - started);
  }
  samples.sort();
  const at = (p) => samples[Math.min(count - 1, Math.ceil(p * count) - 1)] / 1000;
  const total = samples.reduce((sum, ns) => sum + ns, 0);
  return { p50: at(0.5), p99: at(0.99), mean: total / count / 1000 };
}

/**
 * Heap bytes per call over a loop during which no garbage collection ran (one would make the
 * figure low): measured again, up to ten times, until a loop runs without one.
 */
async function bytesPerCall(render) {
  if (typeof globalThis.gc !== 'function') return null;
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      globalThis.gc();
      // The forced collection's entry arrives asynchronously; it must not count.
      await new Promise((resolve) => setTimeout(resolve, 100));
      collections = 0;
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < ALLOCATION_CALLS; i++) await render();
      const after = process.memoryUsage().heapUsed;
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!collections) return Math.round((after - before) / ALLOCATION_CALLS);
    }
    return 'a GC ran in every attempt';
  } finally {
    observer.disconnect();
  }
}

if ((await sdkRender()) !== expected || (await floorRender()) !== expected) throw new Error('renders differ');
// Warm up both (JIT, the SDK's compiled-template cache).
await latencies(sdkRender, 20_000);
await latencies(floorRender, 20_000);

const sdk = await latencies(sdkRender, calls);
const floor = await latencies(floorRender, calls);
const sdkBytes = await bytesPerCall(sdkRender);
const floorBytes = await bytesPerCall(floorRender);

const fmt = (us) => `${us.toFixed(2)} µs`;
console.log(
  `${cpus().length} CPUs (${cpus()[0]?.model}), Node ${process.version}, ${calls.toLocaleString('en')} calls each`,
);
console.log('| path | p50 | p99 | mean | bytes allocated per call |');
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(
  `| SDK render, cache hit | ${fmt(sdk.p50)} | ${fmt(sdk.p99)} | ${fmt(sdk.mean)} | ${sdkBytes ?? 'run with --expose-gc'} |`,
);
console.log(
  `| floor: Map lookup + replace | ${fmt(floor.p50)} | ${fmt(floor.p99)} | ${fmt(floor.mean)} | ${floorBytes ?? 'run with --expose-gc'} |`,
);
console.log(`requests to the API during the run: ${requests - 1} (after the first load)`);
po.close();
