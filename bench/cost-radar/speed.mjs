// How long the cost radar's counting takes on a 20 KB prompt (what one pause in typing costs the
// browser's main thread; Node runs the same V8). Build libs/shared first: node bench/cost-radar/speed.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { clearMergeCache as clearCl100k, countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { clearMergeCache as clearO200k, countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';

const { approximateTokens } = createRequire(import.meta.url)('../../libs/shared/dist/index.js');
const samples = Object.values(JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8')));
// 20 KB of the English, code and Chinese samples, each copy numbered so that it is not all repeats.
let prompt = '';
for (let i = 0; prompt.length < 20_000; i++) prompt += `${i}. ${samples[i % samples.length]}\n`;
prompt = prompt.slice(0, 20_000);

const measure = (count, before = () => undefined) => {
  count(prompt); // warm-up: the first call compiles the code paths
  const times = [];
  for (let i = 0; i < 30; i++) {
    const text = `${prompt}${i}`; // a keystroke's worth of change
    before();
    const start = process.hrtime.bigint();
    count(text);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  return `median ${p(0.5)} ms, p95 ${p(0.95)} ms`;
};

console.log(`| tokenizer | tokens in 20 KB | merge cache cleared each time | warm (as while typing) |`);
console.log('|---|---|---|---|');
for (const [name, count, clear] of [
  ['o200k_base', o200k, clearO200k],
  ['cl100k_base', cl100k, clearCl100k],
  ['approximate', approximateTokens, () => undefined],
]) {
  console.log(`| ${name} | ${count(prompt)} | ${measure(count, clear)} | ${measure(count)} |`);
}
