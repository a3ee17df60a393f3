import { EventEmitter2 } from '@nestjs/event-emitter';
import { Rollout } from '../src/rollouts/rollout.entity';
import { RolloutsService } from '../src/rollouts/rollouts.service';
import { RolloutGuardrailTrippedEvent } from '../src/rollouts/rollouts.events';
import { FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { apiKey } from './factories/serving.factory';
import { ADMIN_EMAIL, onMysql, startApp, TestApp } from './harness';

/** A subject's answer, in the shape the assertions use. */
interface Served {
  version: number;
  rolloutVariant: string | null;
}

/** Resolves once `check` answers true, polling; fails after `ms` with `what`. */
async function waitFor(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width)
    results.push(...(await Promise.all(items.slice(i, i + width).map(work))));
  return results;
}

/** With REDIS_URL set, the apps share Redis: cache invalidation, rate limits and the job queues. */
const env = {
  GUARDRAIL_INTERVAL_MS: '500',
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
};

describe('rollouts: canary and A/B tests of a deployment', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let provider: string;
  let key: string;
  const tripped: RolloutGuardrailTrippedEvent[] = [];

  beforeAll(async () => {
    fake = await FakeLlmServer.start({ keepRequests: false });
    // The guardrail job runs every half second here, as it would every minute in production.
    t = await startApp(env);
    const created = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
    key = await apiKey(t, ['run', 'render'], { serveDebugDrafts: true, rateLimitPerMinute: 100_000 });
    t.app.get(EventEmitter2).on(RolloutGuardrailTrippedEvent.NAME, (event: RolloutGuardrailTrippedEvent) => {
      tripped.push(event);
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** A prompt with v1 deployed to prod and v2 published, each on its own model; answers its name. */
  async function twoVersions(models: [string, string] = ['fake-normal', 'fake-normal']): Promise<string> {
    const input = promptInput({
      template: 'v1: a poem about {{ topic }}',
      modelConfig: { provider, model: models[0] },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(t.auth)
      .send({
        template: 'v2: a haiku about {{ topic }}',
        modelConfig: { provider, model: models[1] },
        status: 'published',
      })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    return input.name;
  }

  const rolloutPath = (name: string) => `/api/v1/prompts/${name}/deployments/prod/rollout`;

  const run = (name: string, body: Record<string, unknown>) =>
    t.http
      .post(`/api/v1/run/${name}`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'rain' }, ...body });

  const runRows = async (ids: number[]) =>
    (await t.dataSource.query(
      `SELECT id, prompt_version, rollout_id, rollout_variant FROM runs WHERE id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    )) as Array<{ id: number; prompt_version: number; rollout_id: number | null; rollout_variant: string | null }>;

  describe('a 10 % canary', () => {
    let name: string;
    let rolloutId: number;
    const byUser = new Map<string, Served>();

    beforeAll(async () => {
      name = await twoVersions();
    });

    it('refuses weights out of range, versions that are not published or are the baseline, and a deployment that does not exist', async () => {
      await t.http
        .post(`/api/v1/prompts/${name}/versions`)
        .set(t.auth)
        .send({ template: 'v3 draft: {{ topic }}', modelConfig: { provider, model: 'fake-normal' } })
        .expect(201);
      const start = (body: Record<string, unknown>, path = rolloutPath(name)) =>
        t.http.post(path).set(t.auth).send(body);
      for (const weight of [0, -5, 100.5]) {
        const res = await start({ candidates: [{ version: 2, weight }] }).expect(400);
        expect(res.body.code).toBe('ROLLOUT_INVALID');
      }
      expect(
        (
          await start({
            candidates: [
              { version: 2, weight: 60 },
              { version: 3, weight: 50 },
            ],
          }).expect(400)
        ).body.code,
      ).toBe('ROLLOUT_INVALID');
      const draft = await start({ candidates: [{ version: 3, weight: 10 }] }).expect(400);
      expect(draft.body.detail).toContain('only published versions');
      const baseline = await start({ candidates: [{ version: 1, weight: 10 }] }).expect(400);
      expect(baseline.body.detail).toContain('is the baseline');
      await start({ candidates: [{ version: 9, weight: 10 }] }).expect(400);
      await start({ candidates: [{ version: 2, weight: 10 }], steps: [5, 1] }).expect(400);
      await start({ candidates: [{ version: 2, weight: 10 }], stickyKey: 'cookie' }).expect(400);
      await start(
        { candidates: [{ version: 2, weight: 10 }] },
        `/api/v1/prompts/${name}/deployments/staging/rollout`,
      ).expect(404);
      expect((await t.http.get(rolloutPath(name)).set(t.auth).expect(200)).body).toEqual({ rollout: null });
    });

    it('starts, and a second rollout of the same deployment is refused with 409', async () => {
      const started = await t.http
        .post(rolloutPath(name))
        .set(t.auth)
        .send({ candidates: [{ version: 2, weight: 10 }], stickyKey: 'userId', note: 'try the haiku' })
        .expect(201);
      expect(started.body).toMatchObject({
        prompt: name,
        environment: 'prod',
        baselineVersion: 1,
        candidates: [{ version: 2, weight: 10, variant: 'candidate' }],
        stickyKey: 'userId',
        status: 'running',
        startedBy: ADMIN_EMAIL,
        guardrails: { metrics: ['error_rate', 'p95_latency'], minSamples: 200, alpha: 0.05, action: 'pause' },
      });
      rolloutId = started.body.id;
      const again = await t.http
        .post(rolloutPath(name))
        .set(t.auth)
        .send({ candidates: [{ version: 2, weight: 50 }] })
        .expect(409);
      expect(again.body.code).toBe('ROLLOUT_ALREADY_ACTIVE');
      const active = await t.http.get(rolloutPath(name)).set(t.auth).expect(200);
      expect(active.body.rollout.id).toBe(rolloutId);
    });

    it('splits distinct users about 10 / 90 through the run API, and every answer and run names the version and arm', async () => {
      const users = Array.from({ length: 500 }, (_, i) => `user-${i}@example.com`);
      const answers = await inBatches(users, 25, async (userId) => {
        const res = await run(name, { userId }).expect(200);
        byUser.set(userId, { version: res.body.version, rolloutVariant: res.body.rolloutVariant });
        return res;
      });
      for (const res of answers) {
        const expected = res.body.version === 2 ? 'candidate' : 'baseline';
        expect(res.body.rolloutVariant).toBe(expected);
        expect(res.headers['x-promptops-version']).toBe(String(res.body.version));
        expect(res.headers['x-promptops-rollout-variant']).toBe(expected);
        expect(res.body.renderedMessages[0].content).toBe(
          res.body.version === 2 ? 'v2: a haiku about rain' : 'v1: a poem about rain',
        );
      }
      // Binomial(500, 0.1): mean 50, sd 6.7; four standard deviations either way.
      const candidates = answers.filter((res) => res.body.version === 2).length;
      expect(candidates).toBeGreaterThanOrEqual(23);
      expect(candidates).toBeLessThanOrEqual(77);

      const rows = await runRows(answers.map((res) => res.body.runId as number));
      expect(rows).toHaveLength(500);
      for (const row of rows) {
        expect(Number(row.rollout_id)).toBe(rolloutId);
        expect(row.rollout_variant).toBe(Number(row.prompt_version) === 2 ? 'candidate' : 'baseline');
      }
    });

    it('gives the same user the same version every time, on run, render and webhooks alike', async () => {
      const sample = [...byUser.entries()];
      const some = [
        ...sample.filter(([, s]) => s.version === 2).slice(0, 5),
        ...sample.filter(([, s]) => s.version === 1).slice(0, 5),
      ];
      const { secret } = (
        await t.http.post(`/api/v1/prompts/${name}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
      ).body;
      for (const [userId, served] of some) {
        for (let i = 0; i < 2; i++) {
          const again = await run(name, { userId }).expect(200);
          expect({ version: again.body.version, rolloutVariant: again.body.rolloutVariant }).toEqual(served);
        }
        const render = await t.http
          .post(`/api/v1/prompts/${name}/render`)
          .set('X-API-Key', key)
          .send({ variables: { topic: 'snow' }, userId })
          .expect(200);
        expect({ version: render.body.version, rolloutVariant: render.body.rolloutVariant }).toEqual(served);
        expect(render.headers['x-promptops-rollout-variant']).toBe(served.rolloutVariant);
        const hook = await t.http
          .post(`/api/webhooks/${secret}`)
          .set('X-PromptOps-User', userId)
          .send({ topic: 'fog' })
          .expect(200);
        expect({ version: hook.body.version, rolloutVariant: hook.body.rolloutVariant }).toEqual(served);
        expect(hook.headers['x-promptops-version']).toBe(String(served.version));
        const rendered = await t.http
          .post(`/api/webhooks/${secret}?mode=render`)
          .set('X-PromptOps-User', userId)
          .send({ topic: 'fog' })
          .expect(200);
        expect(rendered.body.version).toBe(served.version);
      }
      // A subject key keeps a webhook caller on one arm too, by header or body field.
      const bySubject = await inBatches(['acct-1', 'acct-2', 'acct-3'], 3, async (subject) => {
        const first = await t.http
          .post(`/api/webhooks/${secret}`)
          .set('X-PromptOps-Subject', subject)
          .send({ topic: 'a' });
        const second = await t.http.post(`/api/webhooks/${secret}`).send({ topic: 'b', subjectKey: subject });
        return [first.body.version, second.body.version];
      });
      for (const [first, second] of bySubject) expect(second).toBe(first);
    });

    it('lets an explicit version bypass the rollout, and a user in debug mode still gets the draft', async () => {
      const candidateUser = [...byUser.entries()].find(([, s]) => s.version === 2)![0];
      const pinned = await run(name, { userId: candidateUser, version: 1 }).expect(200);
      expect(pinned.body).toMatchObject({ version: 1, resolvedBy: 'version', rolloutVariant: null });
      expect((await runRows([pinned.body.runId]))[0].rollout_id).toBeNull();

      await t.http.put('/api/v1/auth/debug-mode').set(t.auth).send({ enabled: true }).expect(200);
      try {
        const debugged = await run(name, { userId: ADMIN_EMAIL }).expect(200);
        expect(debugged.body).toMatchObject({ version: 3, resolvedBy: 'debug', rolloutVariant: null });
      } finally {
        await t.http.put('/api/v1/auth/debug-mode').set(t.auth).send({ enabled: false }).expect(200);
      }
    });

    it('reports per-arm stats and the tests against the baseline', async () => {
      const stats = await t.http
        .get(`${rolloutPath(name)}/stats`)
        .set(t.auth)
        .expect(200);
      const [baseline, candidate] = stats.body.arms;
      expect(baseline).toMatchObject({ variant: 'baseline', version: 1, weight: 90, errors: 0, errorRate: 0 });
      expect(candidate).toMatchObject({ variant: 'candidate', version: 2, weight: 10, errors: 0 });
      expect(baseline.requests + candidate.requests).toBeGreaterThanOrEqual(500);
      expect(candidate.latencyP95Ms).toEqual(expect.any(Number));
      expect(candidate.meanCostUsd === null || typeof candidate.meanCostUsd === 'number').toBe(true);
      expect(stats.body.comparisons[0]).toMatchObject({
        variant: 'candidate',
        errorRate: { pValue: 1, significant: false },
      });
      // 10 % of 500 runs: the candidate has fewer than the 200 the guardrails wait for.
      expect(stats.body.guardrail).toMatchObject({ state: 'collecting', minSamples: 200 });
      expect(stats.body.guardrail.summary).toContain('candidate (v2)');
      expect(stats.body.series.length).toBeGreaterThan(0);
    });

    it('promotes the candidate: a deploy in the history, and everyone gets it', async () => {
      const promoted = await t.http
        .post(`${rolloutPath(name)}/promote`)
        .set(t.auth)
        .send({})
        .expect(200);
      expect(promoted.body).toMatchObject({ id: rolloutId, status: 'promoted', endedBy: ADMIN_EMAIL });
      const deployment = await t.http.get(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).expect(200);
      expect(deployment.body.version).toBe(2);
      const history = await t.http.get(`/api/v1/prompts/${name}/deployments/prod/history`).set(t.auth).expect(200);
      expect(history.body[0]).toMatchObject({ action: 'deploy', fromVersion: 1, toVersion: 2, actor: ADMIN_EMAIL });
      expect(history.body[0].note).toContain(`rollout ${rolloutId}`);

      const baselineUsers = [...byUser.entries()].filter(([, s]) => s.version === 1).slice(0, 10);
      for (const [userId] of baselineUsers) {
        expect((await run(name, { userId }).expect(200)).body).toMatchObject({ version: 2, rolloutVariant: null });
      }
      expect((await t.http.get(rolloutPath(name)).set(t.auth).expect(200)).body.rollout).toBeNull();
      const past = await t.http
        .get(`${rolloutPath(name)}/history`)
        .set(t.auth)
        .expect(200);
      expect(past.body.map((r: { status: string }) => r.status)).toEqual(['promoted']);
      const stats = await t.http
        .get(`${rolloutPath(name)}/stats`)
        .query({ id: rolloutId })
        .set(t.auth)
        .expect(200);
      expect(stats.body.status).toBe('promoted');

      const audit = await t.http
        .get('/api/v1/audit')
        .query({ targetType: 'deployment', targetId: `${name}@prod` })
        .set(t.auth)
        .expect(200);
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['rollout.start', 'rollout.promote', 'deployment.deploy']));
    });

    it('aborts a rollout: the baseline stays, and pause, resume and next step answer 409 or 404 as they should', async () => {
      const started = await t.http
        .post(rolloutPath(name))
        .set(t.auth)
        .send({ candidates: [{ version: 1, weight: 5 }], steps: [5, 50, 100], stickyKey: 'random' })
        .expect(201);
      expect(started.body).toMatchObject({ baselineVersion: 2, steps: [5, 50, 100], currentStep: 0 });
      const next = await t.http.patch(rolloutPath(name)).set(t.auth).send({ nextStep: true }).expect(200);
      expect(next.body).toMatchObject({ currentStep: 1, candidates: [{ version: 1, weight: 50 }] });
      await t.http
        .post(`${rolloutPath(name)}/resume`)
        .set(t.auth)
        .send({})
        .expect(409);
      const paused = await t.http
        .post(`${rolloutPath(name)}/pause`)
        .set(t.auth)
        .send({ reason: 'looking' })
        .expect(200);
      expect(paused.body).toMatchObject({ status: 'paused', reason: 'looking' });
      // Paused: everyone gets the baseline.
      for (let i = 0; i < 10; i++) {
        expect((await run(name, { userId: `p-${i}` }).expect(200)).body).toMatchObject({
          version: 2,
          rolloutVariant: null,
        });
      }
      await t.http
        .post(`${rolloutPath(name)}/resume`)
        .set(t.auth)
        .send({})
        .expect(200);
      const aborted = await t.http
        .post(`${rolloutPath(name)}/abort`)
        .set(t.auth)
        .send({ reason: 'not now' })
        .expect(200);
      expect(aborted.body).toMatchObject({ status: 'aborted', reason: 'not now' });
      await t.http
        .post(`${rolloutPath(name)}/abort`)
        .set(t.auth)
        .send({})
        .expect(404);
      expect((await t.http.get(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).expect(200)).body.version).toBe(
        2,
      );
      for (let i = 0; i < 10; i++) {
        expect((await run(name, { userId: `a-${i}` }).expect(200)).body).toMatchObject({
          version: 2,
          rolloutVariant: null,
        });
      }
      const audit = await t.http.get('/api/v1/audit').query({ action: 'rollout.' }).set(t.auth).expect(200);
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['rollout.update', 'rollout.pause', 'rollout.resume', 'rollout.abort']),
      );
    });

    it('ends the rollout when someone deploys another version by hand', async () => {
      await t.http
        .post(rolloutPath(name))
        .set(t.auth)
        .send({ candidates: [{ version: 1, weight: 20 }] })
        .expect(201);
      await t.http.post(`/api/v1/prompts/${name}/deployments/prod/rollback`).set(t.auth).send({}).expect(200);
      const active = await t.http.get(rolloutPath(name)).set(t.auth).expect(200);
      expect(active.body.rollout).toBeNull();
      const past = await t.http
        .get(`${rolloutPath(name)}/history`)
        .set(t.auth)
        .expect(200);
      expect(past.body[0]).toMatchObject({ status: 'aborted', reason: expect.stringContaining('deployment changed') });
    });
  });

  it('pauses a canary whose candidate fails significantly more often, audits the numbers and fires the event', async () => {
    const name = await twoVersions(['fake-flaky-0', 'fake-flaky-30']);
    const started = await t.http
      .post(rolloutPath(name))
      .set(t.auth)
      .send({ candidates: [{ version: 2, weight: 50 }], guardrails: { minSamples: 60, metrics: ['error_rate'] } })
      .expect(201);
    const users = Array.from({ length: 240 }, (_, i) => `g-${i}`);
    await inBatches(users, 20, (userId) => run(name, { userId }));
    await waitFor('the guardrail to pause the rollout', async () => {
      const rollout = (await t.http.get(rolloutPath(name)).set(t.auth)).body.rollout;
      return rollout?.status === 'paused';
    });
    const rollout = (await t.http.get(rolloutPath(name)).set(t.auth).expect(200)).body.rollout;
    expect(rollout.reason).toMatch(/^Guardrail: candidate \(v2\) worse on error rate, p [<=]/);

    const audit = await t.http.get('/api/v1/audit').query({ action: 'rollout.pause' }).set(t.auth).expect(200);
    const entry = audit.body.items.find((e: { targetId: string }) => e.targetId === `${name}@prod`);
    expect(entry.actor).toBeNull();
    expect(entry.summary).toMatchObject({
      rolloutId: started.body.id,
      guardrail: { metric: 'error_rate', variant: 'candidate', version: 2 },
    });
    expect(entry.summary.guardrail.comparisons[0].errorRate.pValue).toBeLessThan(0.05);
    expect(entry.summary.guardrail.comparisons[0].errorRate.candidateRate).toBeGreaterThan(0.2);

    const event = tripped.find((e) => e.rolloutId === started.body.id);
    expect(event).toMatchObject({
      prompt: name,
      environment: 'prod',
      baselineVersion: 1,
      candidateVersion: 2,
      action: 'paused',
      metric: 'error_rate',
    });
    expect(tripped.filter((e) => e.rolloutId === started.body.id)).toHaveLength(1);
    // Paused: nobody gets the failing candidate any more.
    for (const userId of users.slice(0, 20)) {
      expect((await run(name, { userId }).expect(200)).body).toMatchObject({ version: 1, rolloutVariant: null });
    }
  });

  it('rolls back a canary whose candidate is significantly slower at p95, when the guardrail says so', async () => {
    const name = await twoVersions(['fake-flaky-0-d5', 'fake-flaky-0-d60']);
    const started = await t.http
      .post(rolloutPath(name))
      .set(t.auth)
      .send({
        candidates: [{ version: 2, weight: 50 }],
        stickyKey: 'random',
        guardrails: { minSamples: 40, metrics: ['p95_latency'], action: 'rollback' },
      })
      .expect(201);
    await inBatches(
      Array.from({ length: 120 }, (_, i) => i),
      20,
      () => run(name, {}).expect(200),
    );
    await waitFor('the guardrail to roll the rollout back', async () => {
      const past = (await t.http.get(`${rolloutPath(name)}/history`).set(t.auth)).body;
      return past[0]?.status === 'rolled_back';
    });
    const [ended] = (
      await t.http
        .get(`${rolloutPath(name)}/history`)
        .set(t.auth)
        .expect(200)
    ).body;
    expect(ended.reason).toMatch(/worse on p95 latency/);
    expect(ended.endedBy).toBeNull();
    expect((await t.http.get(rolloutPath(name)).set(t.auth).expect(200)).body.rollout).toBeNull();
    expect(tripped.find((e) => e.rolloutId === started.body.id)).toMatchObject({
      action: 'rolled_back',
      metric: 'p95_latency',
    });
    const audit = await t.http.get('/api/v1/audit').query({ action: 'rollout.rollback' }).set(t.auth).expect(200);
    expect(audit.body.items.some((e: { targetId: string }) => e.targetId === `${name}@prod`)).toBe(true);
    // Rolled back: the baseline stays deployed and serves everyone.
    expect((await t.http.get(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).expect(200)).body.version).toBe(1);
    expect((await run(name, { userId: 'anyone' }).expect(200)).body).toMatchObject({
      version: 1,
      rolloutVariant: null,
    });
  });

  it('advances a ramp to its next step on its own once the step has lasted its minutes and nothing regressed', async () => {
    const name = await twoVersions();
    const started = await t.http
      .post(rolloutPath(name))
      .set(t.auth)
      .send({
        candidates: [{ version: 2, weight: 1 }],
        steps: [1, 25, 100],
        autoAdvanceMinutes: 5,
        guardrails: { metrics: [] },
      })
      .expect(201);
    // Five minutes pass: the step began long enough ago.
    await t.dataSource
      .getRepository(Rollout)
      .update({ id: started.body.id }, { stepStartedAt: new Date(Date.now() - 6 * 60_000) });
    await waitFor('the ramp to reach its second step', async () => {
      const rollout = (await t.http.get(rolloutPath(name)).set(t.auth)).body.rollout;
      return rollout?.currentStep === 1;
    });
    const rollout = (await t.http.get(rolloutPath(name)).set(t.auth).expect(200)).body.rollout;
    expect(rollout.candidates).toEqual([{ version: 2, weight: 25, variant: 'candidate' }]);
    // A fresh step: it waits its five minutes again.
    expect(new Date(rollout.stepStartedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("splits a flow's deployment too, and logs the flow run with its arm", async () => {
    const step = promptInput({
      template: 'Say {{ text }}',
      variablesMeta: [],
      modelConfig: { provider, model: 'fake-normal' },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(step).expect(201);
    await t.http.put(`/api/v1/prompts/${step.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const definition = (label: string) => ({
      steps: [{ id: 'only', prompt: { name: step.name }, inputs: { text: 'hi' } }],
      output: `${label}: {{ steps.only.output }}`,
    });
    const flow = `flow-canary-${Date.now().toString(36)}`;
    await t.http
      .post('/api/v1/flows')
      .set(t.auth)
      .send({ name: flow, displayName: 'Canary flow', inputs: [], definition: definition('one'), status: 'published' })
      .expect(201);
    await t.http
      .post(`/api/v1/flows/${flow}/versions`)
      .set(t.auth)
      .send({ definition: definition('two'), status: 'published' })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${flow}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    await t.http
      .post(rolloutPath(flow))
      .set(t.auth)
      .send({ candidates: [{ version: 2, weight: 50 }] })
      .expect(201);
    const execute = (userId: string) =>
      t.http.post(`/api/v1/flows/${flow}/execute`).set('X-API-Key', key).send({ userId }).expect(200);
    const answers = await inBatches(
      Array.from({ length: 40 }, (_, i) => `flow-user-${i}`),
      10,
      execute,
    );
    const versions = new Set(answers.map((res) => res.body.version));
    expect(versions).toEqual(new Set([1, 2]));
    for (const res of answers) expect(res.body.output.startsWith(res.body.version === 2 ? 'two:' : 'one:')).toBe(true);
    const rows = await runRows(answers.map((res) => res.body.flowRunId as number));
    for (const row of rows)
      expect(row.rollout_variant).toBe(Number(row.prompt_version) === 2 ? 'candidate' : 'baseline');
    expect((await execute('flow-user-7')).body.version).toBe(answers[7].body.version);
  });

  (onMysql && process.env.REDIS_URL ? it : it.skip)(
    'serves a rollout started on one replica from the other at once, and runs the guardrail job once per period across both',
    async () => {
      const other = await startApp(env, { databaseOf: t });
      try {
        const calls: number[] = [];
        for (const app of [t.app, other.app]) {
          const service = app.get(RolloutsService);
          const check = service.checkGuardrails.bind(service);
          jest.spyOn(service, 'checkGuardrails').mockImplementation(async () => {
            calls.push(Date.now());
            await check();
          });
        }
        // A rollout started through one replica is served by the other at once (the cache is dropped on both).
        const name = await twoVersions();
        await t.http
          .post(rolloutPath(name))
          .set(t.auth)
          .send({ candidates: [{ version: 2, weight: 100 }] })
          .expect(201);
        const served = await other.http
          .post(`/api/v1/run/${name}`)
          .set('X-API-Key', key)
          .send({ variables: { topic: 'rain' }, userId: 'someone' })
          .expect(200);
        expect(served.body).toMatchObject({ version: 2, rolloutVariant: 'candidate' });

        await waitFor('ten guardrail checks', async () => calls.length >= 10);
        // The gaps between checks, past the first ones (a replica that starts upserts the schedule,
        // which may add one at once): about one period each. Two replicas each scheduling on their
        // own would check twice a period, half a period apart.
        const gaps = calls.slice(3).map((at, i) => at - calls[i + 2]);
        const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
        expect(median).toBeGreaterThanOrEqual(400);
      } finally {
        await other.stop();
      }
    },
    60_000,
  );
});
