// The other side of render-liveness.e2e-spec.ts, in a process of its own so that the server's
// event loop does nothing but serve: it runs the fake model server, then, phase by phase, sends
// the attacks it is given (a few at a time, once each or again and again for `repeatForMs`) while
// it probes /api/health every 10 ms, and reports what it saw.
// Protocol on stdio, one JSON line each: out {fake}; in {file} (the phases); out {phases: [{outcomes, healthMs}]}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const { FakeLlmServer } = createRequire(import.meta.url)('../fake-llm/fake-llm-server.js');
const fake = await FakeLlmServer.start({ keepRequests: false });
console.log(JSON.stringify({ fake: fake.url }));

const lines = createInterface({ input: process.stdin });
const { file } = JSON.parse((await lines[Symbol.asyncIterator]().next()).value);
const { healthUrl, phases } = JSON.parse(readFileSync(file, 'utf8'));

async function send(attack) {
  const res = await fetch(attack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...attack.headers },
    body: JSON.stringify(attack.body),
  });
  const text = await res.text();
  let code;
  try {
    code = JSON.parse(text).code;
  } catch {
    code = undefined;
  }
  return [attack.label, res.status, code];
}

async function run({ attacks, concurrency, repeatForMs = 0 }) {
  const healthMs = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(healthUrl);
      await res.arrayBuffer();
      healthMs.push(res.status === 200 ? performance.now() - started : Infinity);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const outcomes = [];
  const until = performance.now() + repeatForMs;
  let next = 0;
  const take = () => {
    if (next < attacks.length) return attacks[next++];
    if (performance.now() < until) return attacks[next++ % attacks.length];
    return undefined;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let attack = take(); attack; attack = take()) outcomes.push(await send(attack));
    }),
  );
  running = false;
  await probe;
  return { outcomes, healthMs };
}

const results = [];
for (const phase of phases) results.push(await run(phase));
console.log(JSON.stringify({ phases: results }));
await fake.close();
process.exit(0);
