import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadHostileSeeds } from '../../../libs/templating/corpus/cases';
import { providerInput } from './factories/provider.factory';
import { apiKey, deployedPrompt } from './factories/serving.factory';
import { startApp, TestApp } from './harness';

/**
 * No render may stall the server, from any caller. The hostile seeds (libs/templating/corpus) are
 * sent as console renders, and those whose variables alone are hostile also to an innocent
 * deployed template through its webhook and a render key, while a probe keeps asking /api/health.
 * First the runaway renders (small requests, all the work in the template) again and again for a
 * few seconds: health must answer in under 100 ms. Then every seed on every path: each ends with
 * 200 or 422, and health never stops answering (those requests carry up to a megabyte of JSON,
 * whose parsing is the server's work, not a render's). The clients and the fake model run in
 * another process (liveness/hostile-client.mjs), so what the probe measures is the server alone.
 */
describe('renders never stall the server', () => {
  let t: TestApp;
  const budgetMs = 300;

  beforeAll(async () => {
    t = await startApp({ TEMPLATE_TIMEOUT_MS: String(budgetMs), WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000' });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t.close());

  it('answers every hostile render with 200 or 422 while /api/health keeps answering', async () => {
    const client = spawn(process.execPath, [join(__dirname, 'liveness/hostile-client.mjs')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: client.stdout })[Symbol.asyncIterator]();
    const { fake } = JSON.parse((await lines.next()).value as string) as { fake: string };

    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    // Webhooks run the model: the fake one answers whatever the template rendered to.
    const provider = providerInput(fake);
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const modelConfig = { provider: provider.name, model: 'gpt-4o-mini', maxTokens: 16 };
    const key = await apiKey(t, ['render'], { rateLimitPerMinute: 100000 });
    const attacks: { label: string; url: string; headers: Record<string, string>; body: unknown }[] = [];
    const runawaySeeds = new Set<string>();
    for (const seed of loadHostileSeeds()) {
      if (!seed.deployed) runawaySeeds.add(`console: ${seed.name}`);
      attacks.push({
        label: `console: ${seed.name}`,
        url: `${base}/api/v1/templates/render`,
        headers: t.auth,
        body: { template: seed.template, variables: seed.variables },
      });
      if (!seed.deployed) continue;
      const name = await deployedPrompt(t, { template: seed.template, variablesMeta: [], modelConfig });
      const hook = await t.http.post(`/api/v1/prompts/${name}/deployments/prod/webhook-secret`).set(t.auth).expect(201);
      attacks.push({
        label: `webhook: ${seed.name}`,
        url: hook.body.url.replace(/^https?:\/\/[^/]+/, base),
        headers: {},
        body: seed.variables,
      });
      attacks.push({
        label: `render key: ${seed.name}`,
        url: `${base}/api/v1/prompts/${name}/render`,
        headers: { 'X-API-Key': key },
        body: { variables: seed.variables, environment: 'prod' },
      });
    }
    const runaway = attacks.filter((attack) => runawaySeeds.has(attack.label));
    const file = join(mkdtempSync(join(tmpdir(), 'promptops-liveness-')), 'attacks.json');
    // Four at a time: more than the render workers, so some wait for a slot.
    const phases = [
      { attacks: runaway, concurrency: 4, repeatForMs: 3000 },
      { attacks, concurrency: 4 },
    ];
    writeFileSync(file, JSON.stringify({ healthUrl: `${base}/api/health`, phases }));
    client.stdin.write(`${JSON.stringify({ file })}\n`);
    const [busy, all] = (
      JSON.parse((await lines.next()).value as string) as {
        phases: { outcomes: [string, number, string | undefined][]; healthMs: number[] }[];
      }
    ).phases;
    client.stdin.end();

    for (const phase of [busy, all]) {
      expect(phase.outcomes.filter(([, status]) => status !== 200 && status !== 422)).toEqual([]);
      expect(phase.healthMs.length).toBeGreaterThan(10);
      phase.healthMs.sort((a, b) => a - b);
    }
    expect(busy.outcomes.length).toBeGreaterThan(runaway.length);
    expect(busy.outcomes.some(([, status]) => status === 422)).toBe(true);
    // The bar: while renders run, health answers in under 100 ms.
    expect(busy.healthMs[Math.floor(busy.healthMs.length * 0.95)]).toBeLessThan(100);
    expect(busy.healthMs[busy.healthMs.length - 1]).toBeLessThan(1000);
    expect(all.outcomes.length).toBe(attacks.length);
    // Never stalled: seconds without an answer, or none at all (Infinity), would fail here.
    expect(all.healthMs[all.healthMs.length - 1]).toBeLessThan(2000);

    // The server renders normally afterwards.
    const ok = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .send({ template: 'Hello {{ name }}', variables: { name: 'again' } })
      .expect(200);
    expect(ok.body.text).toBe('Hello again');
  });
});
