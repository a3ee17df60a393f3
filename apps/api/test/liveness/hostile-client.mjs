// The other side of render-liveness.e2e-spec.ts, in a process of its own so that the server's
// event loop does nothing but serve: it runs the fake model server, then sends the attacks it is
// given (a few at a time) while it probes /api/health every 10 ms, and reports what it saw.
// Protocol on stdio, one JSON line each: out {fake}, in {file} (the attack list), out {outcomes, healthMs}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const { FakeLlmServer } = createRequire(import.meta.url)('../fake-llm/fake-llm-server.js');
const fake = await FakeLlmServer.start({ keepRequests: false });
console.log(JSON.stringify({ fake: fake.url }));

const lines = createInterface({ input: process.stdin });
const { file } = JSON.parse((await lines[Symbol.asyncIterator]().next()).value);
const { healthUrl, attacks, concurrency } = JSON.parse(readFileSync(file, 'utf8'));

const healthMs = [];
let running = true;
const probe = (async () => {
  while (running) {
    const started = performance.now();
    const res = await fetch(healthUrl);
    await res.arrayBuffer();
    healthMs.push(performance.now() - started);
    if (res.status !== 200) healthMs.push(Infinity);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
})();

const outcomes = [];
const queue = [...attacks];
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (let attack = queue.shift(); attack; attack = queue.shift()) {
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
      outcomes.push([attack.label, res.status, code]);
    }
  }),
);
running = false;
await probe;
console.log(JSON.stringify({ outcomes, healthMs }));
await fake.close();
process.exit(0);
