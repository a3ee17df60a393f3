import { ConsoleLogger } from '@nestjs/common';
import { startApp, TestApp } from './harness';

/** Collects what the app logs, as an operator reading the console would. */
class CapturingLogger extends ConsoleLogger {
  readonly lines: string[] = [];
  override log(message: unknown) {
    this.lines.push(String(message));
  }
  override warn(message: unknown) {
    this.lines.push(String(message));
  }
  override error(message: unknown) {
    this.lines.push(String(message));
  }
}

describe('first start on an empty database', () => {
  let t: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    t = await startApp(
      { ADMIN_EMAIL: 'owner@example.com', ADMIN_PASSWORD: undefined, DEMO_DATA: 'true' },
      { logger, signIn: false },
    );
  });
  afterAll(() => t.close());

  it('prints a generated admin password once, which signs in', async () => {
    const printed = logger.lines.filter((l) => l.includes('Password:'));
    expect(printed).toHaveLength(1);
    const password = /Password: (\S+)/.exec(printed[0])![1];
    expect(password.length).toBeGreaterThanOrEqual(16);

    const res = await t.http.post('/api/v1/auth/login').send({ email: 'owner@example.com', password }).expect(200);
    expect(res.body.user.role).toBe('admin');
    t.auth.Authorization = `Bearer ${res.body.accessToken}`;
  });

  it('adds a demo dataset for the support-reply prompt, ready for a first experiment', async () => {
    const dataset = await t.http.get('/api/v1/datasets/support-messages').set(t.auth).expect(200);
    expect(dataset.body).toMatchObject({ latestVersion: 1, itemCount: 8 });
    const variables = await t.http.get('/api/v1/datasets/support-messages/variables').set(t.auth).expect(200);
    expect(JSON.stringify(variables.body)).toContain('message');
  });

  it("adds a demo flow over the demo prompts, with a parallel branch, published and not deployed (the first deploy is the user's)", async () => {
    const flow = await t.http.get('/api/v1/flows/product-launch').set(t.auth).expect(200);
    expect(flow.body).toMatchObject({ type: 'flow', latest: { version: 1, status: 'published' } });
    const dependsOn = Object.fromEntries(
      flow.body.latest.graph.map((n: { id: string; dependsOn: string[] }) => [n.id, n.dependsOn]),
    );
    expect(dependsOn).toEqual({ zh: [], en: [], announce: ['zh', 'en'] });
    const deployments = await t.http.get('/api/v1/prompts/product-launch/deployments').set(t.auth).expect(200);
    expect(deployments.body.map((d: { version: number | null }) => d.version)).toEqual(
      deployments.body.map(() => null),
    );
  });

  it('adds the demo prompts and the default judge, which render with their defaults', async () => {
    const list = await t.http.get('/api/v1/prompts?type=prompt').set(t.auth).expect(200);
    expect(list.body.items.map((p: { name: string }) => p.name).sort()).toEqual([
      'eval-judge',
      'meeting-summary',
      'product-description',
      'support-reply',
    ]);

    const support = await t.http
      .post('/api/v1/prompts/support-reply/render')
      .set(t.auth)
      .send({ variables: { message: 'My invoice is wrong' } })
      .expect(200);
    expect(support.body.text).toContain('Customer: How do I reset my password?');
    expect(support.body.text).toContain('Customer: My invoice is wrong\nAgent:');

    const zh = await t.http
      .post('/api/v1/prompts/product-description/render')
      .set(t.auth)
      .send({ variables: { product_name: '青花瓷茶杯' } })
      .expect(200);
    expect(zh.body.text).toContain('不超过 120 字的中文描述');
    expect(zh.body.text).toContain('产品 / Product: 青花瓷茶杯 ✨');

    const summary = await t.http
      .post('/api/v1/prompts/meeting-summary/render')
      .set(t.auth)
      .send({ variables: { transcript: 'Ann: ship it Friday.', include_action_items: false, tone: 'casual' } })
      .expect(200);
    expect(summary.body.text).toContain('at most 5 bullet points, in a casual tone.');
    expect(summary.body.text).not.toContain('action items');

    const judge = await t.http
      .post('/api/v1/prompts/eval-judge/render')
      .set(t.auth)
      .send({ variables: { input: { question: '12 + 30 是多少？' }, output: '42' } })
      .expect(200);
    expect(judge.body.text).toContain('{"score": <a number from 0 to 1>');
    expect(judge.body.text).toContain('12 + 30 是多少？');
    expect(judge.body.text).toContain('<expected>\n(none given)\n</expected>\n<output>\n42\n</output>');
  });

  it('gives the editor no lint warnings on any demo prompt, so a first look shows a clean example', async () => {
    for (const name of ['eval-judge', 'meeting-summary', 'product-description', 'support-reply']) {
      const prompt = await t.http.get(`/api/v1/prompts/${name}`).set(t.auth).expect(200);
      const version = await t.http
        .get(`/api/v1/prompts/${name}/versions/${prompt.body.latestVersion}`)
        .set(t.auth)
        .expect(200);
      const { template, messages, variablesMeta } = version.body;
      const lint = await t.http
        .post('/api/v1/templates/variables')
        .set(t.auth)
        .send(messages ? { messages, variablesMeta } : { template, variablesMeta })
        .expect(200);
      expect({ name, warnings: lint.body.warnings }).toEqual({ name, warnings: [] });
    }
  });
});
