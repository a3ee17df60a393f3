// Renders per second of three Jinja2 corpus templates with the built libs/templating, and with
// Python Jinja2 in the same run when `python3 -c "import jinja2"` works.
// Usage: npx tsc -p libs/templating && node bench/templating/run.mjs [seconds-per-template]
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import templating from '../../libs/templating/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const corpusPath = process.env.JINJA_CORPUS ?? join(root, 'libs/templating/corpus/jinja2-cases.json');
const seconds = Number(process.argv[2] ?? 2);

const picks = [
  { label: 'simple (pf_ner#0: two variables)', id: 'pf_ner', case: 0 },
  { label: 'chat (chatml#0: 4 messages)', id: 'chatml', case: 0 },
  { label: 'loop-heavy (alpaca#0: loop, if/elif, selectattr, trim)', id: 'alpaca', case: 0 },
];
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const cases = picks.map((pick) => ({ ...pick, ...corpus.find((c) => c.id === pick.id && c.case === pick.case) }));

function benchNode({ template, variables, expected }) {
  const compiled = templating.compileTemplate(template);
  if (compiled.render(variables) !== expected) throw new Error('output differs from the corpus');
  for (let i = 0; i < 20_000; i++) compiled.render(variables);
  let renders = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  let now = started;
  while (now < until) {
    for (let i = 0; i < 1000; i++) compiled.render(variables);
    renders += 1000;
    now = process.hrtime.bigint();
  }
  return renders / (Number(now - started) / 1e9);
}

const PYTHON = `
import json, sys, time
from jinja2 import Environment, StrictUndefined
def raise_exception(msg):
    raise Exception(msg)
env = Environment(undefined=StrictUndefined, autoescape=False)
env.globals["raise_exception"] = raise_exception
cases, seconds = json.load(sys.stdin), float(sys.argv[1])
out = []
for c in cases:
    t = env.from_string(c["template"])
    assert t.render(**c["variables"]) == c["expected"]
    for _ in range(2000):
        t.render(**c["variables"])
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(200):
            t.render(**c["variables"])
        n += 200
    out.append(n / (time.perf_counter() - start))
print(json.dumps(out))
`;

function benchPython() {
  if (spawnSync('python3', ['-c', 'import jinja2']).status !== 0) return null;
  const version = execFileSync('python3', [
    '-c',
    'import jinja2, sys; print(jinja2.__version__, sys.version.split()[0])',
  ])
    .toString()
    .trim();
  const result = execFileSync('python3', ['-c', PYTHON, String(seconds)], { input: JSON.stringify(cases) });
  return { version, rates: JSON.parse(result.toString()) };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))[1];
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
})();

console.log(`machine: ${cpus().length} CPUs (nproc), ${cpuModel}, node ${process.version}`);
const nodeRates = cases.map(benchNode);
const python = benchPython();
console.log('');
console.log('| template | libs/templating renders/s | Python Jinja2 renders/s |');
console.log('| --- | ---: | ---: |');
cases.forEach((c, i) => {
  const py = python ? fmt(python.rates[i]) : 'skipped';
  console.log(`| ${c.label} | ${fmt(nodeRates[i])} | ${py} |`);
});
console.log('');
console.log(
  python
    ? `Python: Jinja2 ${python.version.replace(' ', ', Python ')}`
    : 'Python Jinja2: skipped (python3 -c "import jinja2" failed: Jinja2 is not installed)',
);
