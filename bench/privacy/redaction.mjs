/**
 * PII redaction: precision and recall per entity type on the labelled corpus, and the latency the
 * engine adds on 4 KB inputs with every built-in recognizer on, against a floor measured in the
 * same run (one `String.prototype.replace` with a single simple email regex over the same input:
 * the least any redactor does). Not a test: it asserts nothing.
 *
 *   npm run build -w @promptops/shared -w @promptops/api && node bench/privacy/redaction.mjs
 *
 * "cold" forgets the phone-number verdicts the engine remembers (validators.ts) before every timed
 * call, so every candidate is parsed by libphonenumber again, as for text never seen before;
 * "warm" keeps them, as for a chat history sent again on the next turn.
 *
 * BENCH_ITERATIONS (default 2000) timed redactions per input kind, after a warm-up.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { detect, redact, TokenVault } = require(join(root, 'apps/api/dist/privacy/engine/redaction-engine.js'));
const { clearValidatorCaches } = require(join(root, 'apps/api/dist/privacy/engine/validators.js'));
const { PII_ENTITY_TYPES } = require(join(root, 'libs/shared/dist/index.js'));

const iterations = Number(process.env.BENCH_ITERATIONS ?? 2000);
const ALL = { entities: Object.fromEntries(PII_ENTITY_TYPES.map((t) => [t, 'tokenize'])) };

// ---- accuracy -----------------------------------------------------------------------------------

const corpus = readFileSync(join(root, 'apps/api/src/privacy/engine/corpus/pii-corpus.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const counts = {};
const bump = (type, key) => {
  for (const t of [type, 'ALL']) {
    counts[t] ??= { tp: 0, fp: 0, fn: 0 };
    counts[t][key]++;
  }
};
for (const sample of corpus) {
  const key = (e) => `${e.type}:${e.start}:${e.end}`;
  const expected = new Set(sample.entities.map(key));
  const found = detect(sample.text, ALL);
  const got = new Set(found.map(key));
  for (const d of found) bump(d.type, expected.has(key(d)) ? 'tp' : 'fp');
  for (const e of sample.entities) if (!got.has(key(e))) bump(e.type, 'fn');
}
const ratio = (n, d) => (d === 0 ? 1 : n / d);
console.log(`Accuracy on ${corpus.length} samples (exact spans):\n`);
console.log('| type | samples with it | TP | FP | FN | precision | recall |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const type of [...PII_ENTITY_TYPES, 'ALL']) {
  const c = counts[type] ?? { tp: 0, fp: 0, fn: 0 };
  const withIt = type === 'ALL' ? corpus.length : corpus.filter((s) => s.entities.some((e) => e.type === type)).length;
  console.log(
    `| ${type} | ${withIt} | ${c.tp} | ${c.fp} | ${c.fn} | ${ratio(c.tp, c.tp + c.fp).toFixed(3)} | ${ratio(c.tp, c.tp + c.fn).toFixed(3)} |`,
  );
}

// ---- latency ------------------------------------------------------------------------------------

/** ~4 KB of corpus sentences: `dense` keeps the ones with personal data, `clean` the ones without. */
function input(filter) {
  let text = '';
  for (let i = 0; text.length < 4096; i = (i + 7) % corpus.length) {
    if (filter(corpus[i])) text += `${corpus[i].text}\n`;
  }
  return text.slice(0, 4096);
}
const inputs = {
  'mixed (corpus order)': input(() => true),
  'dense (only samples with PII)': input((s) => s.entities.length > 0),
  'clean (no PII)': input((s) => s.entities.length === 0),
  'prose (English, no digits)': 'The quick brown fox jumps over the lazy dog; she sells sea shells by the sea shore. '
    .repeat(50)
    .slice(0, 4096),
};

const FLOOR_EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/g;
const floor = (text) => text.replace(FLOOR_EMAIL, '<EMAIL>');
const engine = (text) => redact(text, ALL, new TokenVault()).text;

function percentiles(fn, text, cold = false) {
  for (let i = 0; i < 200; i++) fn(text);
  const wall = new Float64Array(iterations);
  const cpu = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    if (cold) clearValidatorCaches();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn(text);
    wall[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    cpu[i] = (c.user + c.system) / 1e3;
  }
  wall.sort();
  cpu.sort();
  const at = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
  return { p50: at(wall, 0.5), p95: at(wall, 0.95), p99: at(wall, 0.99), cpu95: at(cpu, 0.95) };
}

const ms = (x) => x.toFixed(3);
console.log(`\nLatency per 4 KB input, ${iterations} runs each, every built-in recognizer on (tokenize):\n`);
console.log(
  `Load average at start: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')} on ${cpus().length} CPUs.\n`,
);
console.log(
  '| input | engine cold p50 / p95 / p99 | engine warm p50 / p95 / p99 | floor p50 / p95 / p99 | added p95 (cold) | cold CPU-time p95 |',
);
console.log('|---|---:|---:|---:|---:|---:|');
const triple = (x) => `${ms(x.p50)} / ${ms(x.p95)} / ${ms(x.p99)}`;
for (const [label, text] of Object.entries(inputs)) {
  const cold = percentiles(engine, text, true);
  const warm = percentiles(engine, text);
  const f = percentiles(floor, text);
  console.log(
    `| ${label} (${text.length} chars) | ${triple(cold)} | ${triple(warm)} | ${triple(f)} | ${ms(cold.p95 - f.p95)} | ${ms(cold.cpu95)} |`,
  );
}
console.log(
  `\nNode ${process.version}, times in milliseconds. Wall-clock tails include time the process waited for a CPU;` +
    ' the CPU-time column (process.cpuUsage, user + system) does not.',
);
