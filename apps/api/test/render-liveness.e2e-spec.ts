import { loadHostileSeeds } from '../../../libs/templating/corpus/cases';
import { FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';

/**
 * No render may stall the server, from any caller: the hostile seeds (libs/templating/corpus)
 * are sent as console renders, and those whose variables alone are hostile also to an innocent
 * deployed template through its webhook and a render key, a few at a time, while a probe keeps
 * asking /api/health. Every attack ends with 200 or 422, and health keeps answering at once.
 */
describe('renders never stall the server', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  const seeds = loadHostileSeeds();
  const budgetMs = 300;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp({ TEMPLATE_TIMEOUT_MS: String(budgetMs), WEBHOOK_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  type Attack = { label: string; send: () => Promise<{ status: number; body: Record<string, unknown> }> };

  async function attacks(): Promise<Attack[]> {
    const key = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'backend', scopes: ['render'], rateLimitPerMinute: 100000 })
      .expect(201);
    // Webhooks run the model: the fake one answers whatever the template rendered to.
    const provider = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(provider).expect(201);
    const modelConfig = { provider: provider.name, model: 'gpt-4o-mini', maxTokens: 16 };
    const list: Attack[] = [];
    for (const seed of seeds) {
      list.push({
        label: `console: ${seed.name}`,
        send: () =>
          t.http
            .post('/api/v1/templates/render')
            .set(t.auth)
            .send({ template: seed.template, variables: seed.variables }),
      });
      if (!seed.deployed) continue;
      const input = promptInput({ template: seed.template, variablesMeta: [], modelConfig, status: 'published' });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
      const hook = await t.http
        .post(`/api/v1/prompts/${input.name}/deployments/prod/webhook-secret`)
        .set(t.auth)
        .expect(201);
      list.push({
        label: `webhook: ${seed.name}`,
        send: () => t.http.post(`/api/webhooks/${hook.body.secret}`).send(seed.variables),
      });
      list.push({
        label: `render key: ${seed.name}`,
        send: () =>
          t.http
            .post(`/api/v1/prompts/${input.name}/render`)
            .set('X-API-Key', key.body.key)
            .send({ variables: seed.variables, environment: 'prod' }),
      });
    }
    return list;
  }

  it('answers every hostile render with 200 or 422 while /api/health keeps answering', async () => {
    const list = await attacks();
    const outcomes: [string, number, unknown][] = [];
    let running = true;
    const healthMs: number[] = [];
    const probe = (async () => {
      while (running) {
        const started = performance.now();
        const res = await t.http.get('/api/health');
        healthMs.push(performance.now() - started);
        expect(res.status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    // Four at a time: more than the render workers, so some wait for a slot.
    const queue = [...list];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let attack = queue.shift(); attack; attack = queue.shift()) {
          const res = await attack.send();
          outcomes.push([attack.label, res.status, res.body.code]);
        }
      }),
    );
    running = false;
    await probe;

    const unexpected = outcomes.filter(([, status]) => status !== 200 && status !== 422);
    expect(unexpected).toEqual([]);
    expect(outcomes.length).toBe(list.length);
    expect(healthMs.length).toBeGreaterThan(10);
    healthMs.sort((a, b) => a - b);
    // The bar: health answers in under 100 ms while any render runs.
    expect(healthMs[Math.floor(healthMs.length * 0.95)]).toBeLessThan(100);
    // A few outliers are tolerated (garbage collection of megabyte strings in this one process,
    // which also runs the clients and the fake model); a stalled loop, seconds long, is not.
    expect(healthMs[healthMs.length - 1]).toBeLessThan(1000);

    // The server renders normally afterwards.
    const ok = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .send({ template: 'Hello {{ name }}', variables: { name: 'again' } })
      .expect(200);
    expect(ok.body.text).toBe('Hello again');
  });
});
