import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AlertChecks } from '../src/alerts/alert-checks';
import { RolloutGuardrailTrippedEvent } from '../src/rollouts/rollouts.events';
import { RunLog } from '../src/runs/run-log';
import { deployedPrompt } from './factories/serving.factory';
import { onMysql, startApp, TestApp } from './harness';

interface Post {
  path: string;
  body: Record<string, unknown> & { text: string; blocks?: Array<{ type: string; text: { text: string } }> };
}

/** A Slack-like incoming webhook in the test: keeps every post; `/fail` answers 500, `/moved` a redirect. */
class WebhookReceiver {
  readonly posts: Post[] = [];
  readonly requests: string[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (request, response) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (text += chunk));
      request.on('end', () => {
        const path = request.url ?? '';
        receiver.requests.push(path);
        if (path.startsWith('/moved')) {
          response.writeHead(302, { location: 'http://127.0.0.2:9/elsewhere' }).end();
          return;
        }
        receiver.posts.push({ path, body: JSON.parse(text) });
        response.writeHead(path.startsWith('/fail') ? 500 : 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** A webhook URL with a secret-looking path, as Slack's are. */
  url(prefix = '/services'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${prefix}/T0/B0/${randomBytes(8).toString('hex')}`;
  }

  postsTo(url: string): Post[] {
    return this.posts.filter((p) => url.endsWith(p.path));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Logs ended runs of a prompt as the run core does, with the outcome the test needs. */
async function logRuns(
  t: TestApp,
  prompt: string,
  count: number,
  outcome: {
    status?: 'success' | 'error';
    latencyMs?: number;
    costUsd?: number;
    minutesAgo?: number;
    environment?: string;
  },
): Promise<void> {
  const log = t.app.get(RunLog);
  const startedAt = new Date(Date.now() - (outcome.minutesAgo ?? 1) * 60_000);
  const status = outcome.status ?? 'success';
  await Promise.all(
    Array.from({ length: count }, async () =>
      log.write(
        await log.nextId(),
        startedAt,
        {
          source: 'api',
          promptName: prompt,
          promptVersion: 1,
          environment: outcome.environment ?? 'prod',
          variables: {},
          input: [],
          provider: 'fake',
          model: 'gpt-4o-mini',
          parameters: {},
        },
        {
          status,
          output: status === 'success' ? 'ok' : null,
          errorCode: status === 'error' ? 'PROVIDER_ERROR' : null,
          latencyMs: outcome.latencyMs ?? 100,
          costUsd: outcome.costUsd ?? 0,
        },
      ),
    ),
  );
}

describe('alerts: rules on a prompt’s runs that post to a webhook', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  // A long interval: the tests run the check themselves.
  const env = { ALERTS_INTERVAL_MS: '3600000' };

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await startApp(env);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  const check = () => t.app.get(AlertChecks).checkAll();
  const createRule = (body: Record<string, unknown>) =>
    t.http
      .post('/api/v1/alerts/rules')
      .set(t.auth)
      .send({ name: 'Errors', metric: 'error_rate', threshold: 5, ...body });

  it('posts once when the error rate passes 5 % over 5 minutes, not again while firing, and once when it recovers', async () => {
    const prompt = await deployedPrompt(t);
    const webhookUrl = receiver.url();
    const created = await createRule({ prompt, environment: 'prod', webhookUrl }).expect(201);
    expect(created.body).toMatchObject({
      prompt,
      environment: 'prod',
      metric: 'error_rate',
      comparator: '>',
      threshold: 5,
      windowMinutes: 5,
      minRequests: 10,
      enabled: true,
      state: 'ok',
    });
    // The URL's secret path is never shown.
    expect(created.body.webhookUrlMasked).toBe(`${new URL(webhookUrl).origin}/…${webhookUrl.slice(-4)}`);
    expect(JSON.stringify(created.body)).not.toContain(new URL(webhookUrl).pathname);

    // Old errors (outside the window) and other environments do not count.
    await logRuns(t, prompt, 30, { status: 'error', minutesAgo: 20 });
    await logRuns(t, prompt, 30, { status: 'error', environment: 'staging' });
    await logRuns(t, prompt, 18, { status: 'success' });
    await logRuns(t, prompt, 2, { status: 'error' });
    await check();

    const fired = receiver.postsTo(webhookUrl);
    expect(fired).toHaveLength(1);
    expect(fired[0].body).toMatchObject({
      event: 'fired',
      prompt,
      environment: 'prod',
      metric: 'error_rate',
      threshold: 5,
      value: 10,
      requests: 20,
      rule: { id: created.body.id, name: 'Errors' },
      blocks: [{ type: 'section', text: { type: 'mrkdwn' } }],
    });
    expect(fired[0].body.text).toContain('FIRING');
    expect(fired[0].body.text).toContain(prompt);
    expect(fired[0].body.text).toContain('10 %');
    const firing = await t.http.get(`/api/v1/alerts/rules/${created.body.id}`).set(t.auth).expect(200);
    expect(firing.body).toMatchObject({ state: 'firing', lastValue: 10 });

    await logRuns(t, prompt, 2, { status: 'error' });
    await check();
    expect(receiver.postsTo(webhookUrl)).toHaveLength(1);

    await logRuns(t, prompt, 78, { status: 'success' });
    await check();
    const posts = receiver.postsTo(webhookUrl);
    expect(posts).toHaveLength(2);
    expect(posts[1].body).toMatchObject({ event: 'resolved', value: 4, requests: 100 });
    expect(posts[1].body.text).toContain('RESOLVED');
    await check();
    expect(receiver.postsTo(webhookUrl)).toHaveLength(2);

    const history = await t.http
      .get('/api/v1/alerts/events')
      .query({ ruleId: created.body.id })
      .set(t.auth)
      .expect(200);
    expect(history.body).toMatchObject({ total: 2, page: 1 });
    expect(history.body.items).toMatchObject([
      { kind: 'resolved', prompt, value: 4, threshold: 5, deliveryStatus: 'delivered', httpStatus: 200 },
      { kind: 'fired', prompt, value: 10, threshold: 5, deliveryStatus: 'delivered', httpStatus: 200 },
    ]);
  });

  it('forgets that a rule was firing when it is disabled, and fires afresh once enabled again', async () => {
    const prompt = await deployedPrompt(t);
    const webhookUrl = receiver.url();
    const rule = await createRule({ prompt, webhookUrl, minRequests: 1 }).expect(201);
    await logRuns(t, prompt, 3, { status: 'error' });
    await check();
    expect(receiver.postsTo(webhookUrl)).toHaveLength(1);

    const disabled = await t.http
      .patch(`/api/v1/alerts/rules/${rule.body.id}`)
      .set(t.auth)
      .send({ enabled: false })
      .expect(200);
    expect(disabled.body).toMatchObject({ state: 'ok', lastValue: null, enabled: false });
    await check();
    expect(receiver.postsTo(webhookUrl)).toHaveLength(1);

    await t.http.patch(`/api/v1/alerts/rules/${rule.body.id}`).set(t.auth).send({ enabled: true }).expect(200);
    await check();
    expect(receiver.postsTo(webhookUrl).map((p) => p.body.event)).toEqual(['fired', 'fired']);
  });

  it('stays quiet on fewer calls than minRequests', async () => {
    const prompt = await deployedPrompt(t);
    const webhookUrl = receiver.url();
    const rule = await createRule({ prompt, webhookUrl, minRequests: 50 }).expect(201);
    await logRuns(t, prompt, 10, { status: 'error' });
    await check();
    expect(receiver.postsTo(webhookUrl)).toHaveLength(0);
    const after = await t.http.get(`/api/v1/alerts/rules/${rule.body.id}`).set(t.auth).expect(200);
    expect(after.body).toMatchObject({ state: 'ok', lastValue: null });
  });

  it('fires on the p95 latency (nearest rank) of the window, in any environment when none is named', async () => {
    const prompt = await deployedPrompt(t);
    const webhookUrl = receiver.url();
    await createRule({ prompt, metric: 'p95_latency_ms', threshold: 1800, webhookUrl }).expect(201);
    for (let i = 1; i <= 20; i += 1) {
      await logRuns(t, prompt, 1, { latencyMs: i * 100, environment: i % 2 ? 'prod' : 'staging' });
    }
    await check();
    const posts = receiver.postsTo(webhookUrl);
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toMatchObject({ event: 'fired', metric: 'p95_latency_ms', value: 1900, environment: '' });
    expect(posts[0].body.text).toContain('1900 ms');
  });

  it('fires on the cost per hour, and a "<" rule on too few requests', async () => {
    const prompt = await deployedPrompt(t);
    const costUrl = receiver.url();
    const quietUrl = receiver.url();
    await createRule({ prompt, metric: 'cost_per_hour_usd', threshold: 1, webhookUrl: costUrl }).expect(201);
    await createRule({ prompt, metric: 'requests', comparator: '<', threshold: 100, webhookUrl: quietUrl }).expect(201);
    await logRuns(t, prompt, 4, { costUsd: 0.025 });
    await check();
    // $0.10 in 5 minutes is $1.20 an hour.
    expect(receiver.postsTo(costUrl)).toHaveLength(1);
    expect(receiver.postsTo(costUrl)[0].body.value).toBeCloseTo(1.2, 9);
    expect(receiver.postsTo(quietUrl)).toMatchObject([{ body: { event: 'fired', metric: 'requests', value: 4 } }]);
  });

  it('sends a test message on request and answers how the delivery went', async () => {
    const prompt = await deployedPrompt(t);
    const good = await createRule({ prompt, webhookUrl: receiver.url() }).expect(201);
    const res = await t.http.post(`/api/v1/alerts/rules/${good.body.id}/test`).set(t.auth).expect(200);
    expect(res.body).toEqual({ deliveryStatus: 'delivered', httpStatus: 200, deliveryError: null });
    expect(receiver.posts.at(-1)!.body).toMatchObject({ event: 'test', prompt });
    expect(receiver.posts.at(-1)!.body.text).toContain('TEST');

    const failing = await createRule({ prompt, webhookUrl: receiver.url('/fail') }).expect(201);
    const failed = await t.http.post(`/api/v1/alerts/rules/${failing.body.id}/test`).set(t.auth).expect(200);
    expect(failed.body).toMatchObject({ deliveryStatus: 'failed', httpStatus: 500 });

    // A redirect is not followed: the post never reaches another host.
    const moved = await createRule({ prompt, webhookUrl: receiver.url('/moved') }).expect(201);
    const redirected = await t.http.post(`/api/v1/alerts/rules/${moved.body.id}/test`).set(t.auth).expect(200);
    expect(redirected.body).toMatchObject({ deliveryStatus: 'failed', httpStatus: 302 });
    expect(redirected.body.deliveryError).toContain('redirect');

    const history = await t.http.get('/api/v1/alerts/events').query({ prompt }).set(t.auth).expect(200);
    expect(history.body.items.map((e: { kind: string; deliveryStatus: string }) => [e.kind, e.deliveryStatus])).toEqual(
      [
        ['test', 'failed'],
        ['test', 'failed'],
        ['test', 'delivered'],
      ],
    );
  });

  it('posts a rollout guardrail to the prompt’s enabled rules and keeps it in the history', async () => {
    const prompt = await deployedPrompt(t);
    const prodUrl = receiver.url();
    const allUrl = receiver.url();
    const stagingUrl = receiver.url();
    const disabledUrl = receiver.url();
    const prodRule = await createRule({ prompt, environment: 'prod', webhookUrl: prodUrl }).expect(201);
    await createRule({ prompt, webhookUrl: allUrl }).expect(201);
    await createRule({ prompt, environment: 'staging', webhookUrl: stagingUrl }).expect(201);
    await createRule({ prompt, webhookUrl: disabledUrl, enabled: false }).expect(201);

    await t.app
      .get(EventEmitter2)
      .emitAsync(
        RolloutGuardrailTrippedEvent.NAME,
        new RolloutGuardrailTrippedEvent(
          7,
          prompt,
          'prod',
          1,
          2,
          'paused',
          'error_rate',
          '12 % vs 1 % (n=400/4000), p=0.0001',
        ),
      );

    for (const url of [prodUrl, allUrl]) {
      expect(receiver.postsTo(url)).toMatchObject([
        {
          body: {
            event: 'guardrail',
            prompt,
            environment: 'prod',
            rolloutId: 7,
            baselineVersion: 1,
            candidateVersion: 2,
            action: 'paused',
            metric: 'error_rate',
          },
        },
      ]);
    }
    expect(receiver.postsTo(prodUrl)[0].body.text).toContain('GUARDRAIL');
    expect(receiver.postsTo(stagingUrl)).toHaveLength(0);
    expect(receiver.postsTo(disabledUrl)).toHaveLength(0);
    const history = await t.http
      .get('/api/v1/alerts/events')
      .query({ ruleId: prodRule.body.id })
      .set(t.auth)
      .expect(200);
    expect(history.body.items).toMatchObject([
      { kind: 'guardrail', metric: 'error_rate', deliveryStatus: 'delivered' },
    ]);
    expect(history.body.items[0].message).toContain('12 % vs 1 %');

    // A prompt without rules: nothing to post to, but the history says it happened.
    const lonely = await deployedPrompt(t);
    await t.app
      .get(EventEmitter2)
      .emitAsync(
        RolloutGuardrailTrippedEvent.NAME,
        new RolloutGuardrailTrippedEvent(8, lonely, 'prod', 1, 2, 'rolled_back', 'p95_latency', 'slower'),
      );
    const lonelyHistory = await t.http.get('/api/v1/alerts/events').query({ prompt: lonely }).set(t.auth).expect(200);
    expect(lonelyHistory.body.items).toMatchObject([{ kind: 'guardrail', ruleId: null, deliveryStatus: 'none' }]);
  });

  it('refuses invalid rules with field errors, and unknown prompts and rules with 404', async () => {
    const prompt = await deployedPrompt(t);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ metric: 'latency' }, 'metric'],
      [{ comparator: '>=' }, 'comparator'],
      [{ threshold: -1 }, 'threshold'],
      [{ threshold: 'high' }, 'threshold'],
      [{ windowMinutes: 0 }, 'windowMinutes'],
      [{ webhookUrl: 'ftp://example.com/hook' }, 'webhookUrl'],
      [{ webhookUrl: 'not a url' }, 'webhookUrl'],
      [{ name: '' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await createRule({ prompt, webhookUrl: receiver.url(), ...body }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const missing = await createRule({ prompt: 'no-such-prompt', webhookUrl: receiver.url() }).expect(404);
    expect(missing.body.code).toBe('PROMPT_NOT_FOUND');
    const unknown = await t.http.get('/api/v1/alerts/rules/999999').set(t.auth).expect(404);
    expect(unknown.body.code).toBe('ALERT_RULE_NOT_FOUND');
  });

  it('lets viewers read rules and history but not change them; changes are audited without the URL', async () => {
    const prompt = await deployedPrompt(t);
    const webhookUrl = receiver.url();
    const rule = await createRule({ prompt, webhookUrl }).expect(201);
    await t.http
      .patch(`/api/v1/alerts/rules/${rule.body.id}`)
      .set(t.auth)
      .send({ threshold: 10, enabled: false })
      .expect(200);

    const email = `viewer-${randomBytes(3).toString('hex')}@example.com`;
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: 'v', role: 'viewer', password: 'viewer-password-1' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'viewer-password-1' }).expect(200);
    const viewer = { Authorization: `Bearer ${login.body.accessToken}` };
    const list = await t.http.get('/api/v1/alerts/rules').query({ prompt }).set(viewer).expect(200);
    expect(list.body.items).toMatchObject([{ id: rule.body.id, threshold: 10, enabled: false }]);
    await t.http.get('/api/v1/alerts/events').set(viewer).expect(200);
    await t.http.post('/api/v1/alerts/rules').set(viewer).send({}).expect(403);
    await t.http.patch(`/api/v1/alerts/rules/${rule.body.id}`).set(viewer).send({ threshold: 1 }).expect(403);
    await t.http.post(`/api/v1/alerts/rules/${rule.body.id}/test`).set(viewer).expect(403);
    await t.http.delete(`/api/v1/alerts/rules/${rule.body.id}`).set(viewer).expect(403);

    await t.http.delete(`/api/v1/alerts/rules/${rule.body.id}`).set(t.auth).expect(204);
    await t.http.get(`/api/v1/alerts/rules/${rule.body.id}`).set(t.auth).expect(404);
    const audit = await t.http
      .get('/api/v1/audit')
      .query({ targetType: 'alert_rule', targetId: String(rule.body.id) })
      .set(t.auth)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'alert_rule.delete',
      'alert_rule.update',
      'alert_rule.create',
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(new URL(webhookUrl).pathname);
    // Stored encrypted, too.
    const [row] = await t.dataSource.query('SELECT COUNT(*) AS n FROM alert_rules WHERE webhook_url_encrypted LIKE ?', [
      `%${webhookUrl.slice(-8)}%`,
    ]);
    expect(Number(row.n)).toBe(0);
  });
});

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const describeShared = onMysql && process.env.REDIS_URL ? describe : describe.skip;

describeShared('alerts on two replicas sharing MariaDB and Redis', () => {
  it('checks once per period across both and posts a firing rule once', async () => {
    const intervalMs = 1000;
    const receiver = await WebhookReceiver.start();
    const first = await startApp({ REDIS_URL: process.env.REDIS_URL, ALERTS_INTERVAL_MS: String(intervalMs) });
    const second = await startApp(
      { REDIS_URL: process.env.REDIS_URL, ALERTS_INTERVAL_MS: String(intervalMs) },
      { databaseOf: first, signIn: false },
    );
    try {
      const checks = [first, second].map((app) => jest.spyOn(app.app.get(AlertChecks), 'checkAll'));
      const prompt = await deployedPrompt(first);
      const webhookUrl = receiver.url();
      const rule = await first.http
        .post('/api/v1/alerts/rules')
        .set(first.auth)
        .send({ name: 'Errors', prompt, metric: 'error_rate', threshold: 5, webhookUrl })
        .expect(201);
      await logRuns(first, prompt, 20, { status: 'error' });
      const started = Date.now();

      // Wait for the post, then for several more periods in which both replicas could check again.
      const evaluations = async () =>
        (await first.dataSource.query('SELECT last_evaluated_at FROM alert_rules WHERE id = ?', [rule.body.id]))[0]
          .last_evaluated_at as unknown;
      await waitFor('the firing post', async () => receiver.postsTo(webhookUrl).length > 0);
      const seen = new Set<string>();
      await waitFor('three more checks', async () => seen.add(String(await evaluations())).size >= 4);
      const periods = (Date.now() - started) / intervalMs;
      const total = checks.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
      expect(receiver.postsTo(webhookUrl)).toHaveLength(1);
      // Once per period across the two (a replica checking on its own would double this).
      expect(total).toBeGreaterThanOrEqual(4);
      expect(total).toBeLessThanOrEqual(Math.ceil(periods) + 1);
    } finally {
      await second.stop();
      await first.close();
      await receiver.close();
    }
  });
});
