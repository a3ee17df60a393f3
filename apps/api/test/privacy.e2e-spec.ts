import { RedactionAudit } from '../src/privacy/redaction-audit';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { providerInput } from './factories/provider.factory';
import { promptInput } from './factories/prompt.factory';
import { apiKey } from './factories/serving.factory';
import { startApp, TestApp } from './harness';
import { postJson } from './post-json';
import { sseEvents } from './sse';

let emails = 0;
/** A fresh address per test, so a leak is traced to the path that leaked it. */
const anEmail = () => `alice.${++emails}.${Date.now().toString(36)}@example.com`;

describe('privacy: redaction policies, enforced on every path to a model', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let provider: string;
  let key: string;
  let baseUrl: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const input = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(201);
    provider = input.name;
    key = await apiKey(t, ['run']);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  /** A published prompt deployed to prod that mentions `who`. */
  async function deployed(model = 'fake-normal', template = 'Write to {{ who }} about the order.'): Promise<string> {
    const input = promptInput({
      template,
      variablesMeta: [{ name: 'who', type: 'string', required: true }],
      modelConfig: { provider, model },
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    return input.name;
  }

  async function policy(prompt: string, entities: Record<string, string>): Promise<void> {
    await t.http.put(`/api/v1/prompts/${prompt}/privacy`).set(t.auth).send({ entities }).expect(200);
  }

  /** The fake model server never received the value, and no row of the run log or the audit log holds it. */
  async function expectNowhere(value: string): Promise<void> {
    const sent = fake.requests.filter((r) => JSON.stringify(r.body).includes(value));
    expect(sent).toEqual([]);
    const runs = (await t.dataSource.query('SELECT * FROM runs')) as unknown[];
    expect(runs.filter((row) => JSON.stringify(row).includes(value))).toEqual([]);
    const audit = (await t.dataSource.query('SELECT * FROM audit_log')) as unknown[];
    expect(audit.filter((row) => JSON.stringify(row).includes(value))).toEqual([]);
  }

  async function runRow(id: number): Promise<Record<string, string | null>> {
    const [row] = (await t.dataSource.query(
      'SELECT input, variables, output, status, error_code, redactions FROM runs WHERE id = ?',
      [id],
    )) as Record<string, string | null>[];
    return row;
  }

  async function member(role: string) {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: role, role, password: 'member-password-1' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'member-password-1' }).expect(200);
    return { Authorization: `Bearer ${login.body.accessToken}` };
  }

  describe('policies', () => {
    it('resolves per entity type: the prompt over its environment over the instance default', async () => {
      const prompt = await deployed();
      const empty = await t.http.get(`/api/v1/prompts/${prompt}/privacy`).set(t.auth).expect(200);
      expect(empty.body).toMatchObject({ scope: 'prompt', target: prompt, entities: {}, custom: [], updatedAt: null });

      await t.http
        .put('/api/v1/privacy/default')
        .set(t.auth)
        .send({ entities: { EMAIL: 'tokenize', PHONE: 'mask' } })
        .expect(200);
      await t.http
        .put('/api/v1/environments/staging/privacy')
        .set(t.auth)
        .send({ entities: { EMAIL: 'mask' } })
        .expect(200);
      const effective = (environment?: string) =>
        t.http
          .get(`/api/v1/prompts/${prompt}/privacy/effective`)
          .query(environment ? { environment } : {})
          .set(t.auth)
          .expect(200)
          .then((res) => res.body);

      expect(await effective()).toMatchObject({
        entities: { EMAIL: 'tokenize', PHONE: 'mask' },
        sources: { EMAIL: 'default', PHONE: 'default' },
        environment: null,
      });
      expect(await effective('staging')).toMatchObject({
        entities: { EMAIL: 'mask', PHONE: 'mask' },
        sources: { EMAIL: 'environment', PHONE: 'default' },
      });

      await t.http
        .put(`/api/v1/prompts/${prompt}/privacy`)
        .set(t.auth)
        .send({ entities: { EMAIL: 'block', PHONE: 'off' }, custom: [{ name: 'EMPLOYEE_ID', pattern: 'E-\\d{6}' }] })
        .expect(200);
      expect(await effective('staging')).toMatchObject({
        entities: { EMAIL: 'block', PHONE: 'off' },
        sources: { EMAIL: 'prompt', PHONE: 'prompt' },
        custom: [{ name: 'EMPLOYEE_ID', pattern: 'E-\\d{6}' }],
      });
      const stored = await t.http.get(`/api/v1/prompts/${prompt}/privacy`).set(t.auth).expect(200);
      expect(stored.body).toMatchObject({ entities: { EMAIL: 'block', PHONE: 'off' }, updatedAt: expect.any(String) });

      // Changes are audited, with the policy before and after.
      const [entry] = (await t.dataSource.query(
        "SELECT summary FROM audit_log WHERE action = 'privacy.prompt.update' AND target_id = ?",
        [prompt],
      )) as { summary: string }[];
      expect(JSON.parse(entry.summary)).toMatchObject({ before: null, after: { entities: { EMAIL: 'block' } } });

      // Back to an empty default and staging, so the other tests start from nothing.
      await t.http.put('/api/v1/privacy/default').set(t.auth).send({ entities: {} }).expect(200);
      await t.http.put('/api/v1/environments/staging/privacy').set(t.auth).send({ entities: {} }).expect(200);
    });

    it('refuses a pattern that does not compile, naming it, and an unknown action', async () => {
      const prompt = await deployed();
      const bad = await t.http
        .put(`/api/v1/prompts/${prompt}/privacy`)
        .set(t.auth)
        .send({ entities: {}, custom: [{ name: 'TICKET', pattern: 'T-(\\d+' }] })
        .expect(400);
      expect(bad.body).toMatchObject({ code: 'PRIVACY_POLICY_INVALID' });
      expect(bad.body.detail).toContain('T-(\\d+');
      expect(bad.body.errors[0].field).toBe('custom.0.pattern');

      // Backreferences are not RE2: they could make a run take exponential time.
      const backref = await t.http
        .put('/api/v1/privacy/default')
        .set(t.auth)
        .send({ entities: {}, custom: [{ name: 'REPEAT', pattern: '(a+)\\1' }] })
        .expect(400);
      expect(backref.body.detail).toContain('(a+)\\1');

      const action = await t.http
        .put(`/api/v1/prompts/${prompt}/privacy`)
        .set(t.auth)
        .send({ entities: { EMAIL: 'shred' } })
        .expect(400);
      expect(action.body).toMatchObject({ code: 'PRIVACY_POLICY_INVALID', errors: [{ field: 'entities.EMAIL' }] });

      await t.http.get('/api/v1/prompts/no-such-prompt/privacy').set(t.auth).expect(404);
      await t.http.put('/api/v1/environments/no-such-env/privacy').set(t.auth).send({ entities: {} }).expect(404);
    });

    it('lets admins set the default and environments, and prompt:publish set a prompt’s', async () => {
      const prompt = await deployed();
      const engineer = await member('prompt_engineer');
      const editor = await member('editor');
      const viewer = await member('viewer');
      const body = { entities: { EMAIL: 'mask' } };
      await t.http.put(`/api/v1/prompts/${prompt}/privacy`).set(engineer).send(body).expect(200);
      await t.http.put(`/api/v1/prompts/${prompt}/privacy`).set(editor).send(body).expect(403);
      await t.http.put('/api/v1/privacy/default').set(engineer).send(body).expect(403);
      await t.http.put('/api/v1/environments/prod/privacy').set(engineer).send(body).expect(403);
      await t.http.get(`/api/v1/prompts/${prompt}/privacy/effective`).set(viewer).expect(200);
      await t.http.get('/api/v1/privacy/default').set(viewer).expect(200);
    });
  });

  describe('run API', () => {
    it.each([
      ['the Nest route', true],
      ['the fast path', false],
    ])('masks before the model (JSON, %s) and logs only what was sent', async (_, chunked) => {
      const prompt = await deployed();
      await policy(prompt, { EMAIL: 'mask' });
      const email = anEmail();
      const res = await postJson(`${baseUrl}/api/v1/run/${prompt}`, { variables: { who: email } }, key, chunked);
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        runId: number;
        output: string;
        redactions: unknown;
        renderedMessages: { content: string }[];
      };
      expect(body).toMatchObject({ output: FAKE_ANSWER, redactions: { EMAIL: 1 } });
      expect(body.renderedMessages[0].content).toBe('Write to <EMAIL> about the order.');
      const [seen] = fake.requests.filter((r) => JSON.stringify(r.body).includes('Write to <EMAIL> about'));
      expect(seen).toBeDefined();
      const row = await runRow(body.runId);
      expect(JSON.parse(row.variables as string)).toEqual({ who: '<EMAIL>' });
      expect(JSON.parse(row.redactions as string)).toEqual({ EMAIL: 1 });
      await expectNowhere(email);
    });

    it.each([
      ['the Nest route', true],
      ['the fast path', false],
    ])('masks a streamed run (%s)', async (_, chunked) => {
      const prompt = await deployed();
      await policy(prompt, { EMAIL: 'mask' });
      const email = anEmail();
      const res = await postJson(
        `${baseUrl}/api/v1/run/${prompt}`,
        { variables: { who: email }, stream: true },
        key,
        chunked,
      );
      const events = sseEvents(await res.text());
      expect(events.at(-1)).toMatchObject({ event: 'done', data: { redactions: { EMAIL: 1 } } });
      await expectNowhere(email);
    });

    it('tokenizes: the model sees <EMAIL_1>, the caller gets the original back, the log keeps the placeholder', async () => {
      const prompt = await deployed('fake-echo', 'Write to {{ who }}; cc {{ who }}.');
      await policy(prompt, { EMAIL: 'tokenize' });
      const email = anEmail();
      const res = await postJson(`${baseUrl}/api/v1/run/${prompt}`, { variables: { who: email } }, key, true);
      const body = (await res.json()) as {
        runId: number;
        output: string;
        redactions: unknown;
        renderedMessages: { content: string }[];
      };
      // fake-echo answers with the messages it received.
      expect(JSON.parse(body.output)).toEqual([{ role: 'user', content: `Write to ${email}; cc ${email}.` }]);
      expect(body.redactions).toEqual({ EMAIL: 2 });
      const row = await runRow(body.runId);
      expect(row.output).toContain('Write to <EMAIL_1>; cc <EMAIL_1>.');
      expect(JSON.parse(row.variables as string)).toEqual({ who: '<EMAIL_1>' });
      await expectNowhere(email);
    });

    it.each([
      ['the Nest route', true],
      ['the fast path', false],
    ])('restores placeholders split across streamed chunks (%s)', async (_, chunked) => {
      const prompt = await deployed('fake-echo-chars', 'Reply to {{ who }} and {{ who }} today.');
      await policy(prompt, { EMAIL: 'tokenize' });
      const email = anEmail();
      const res = await postJson(
        `${baseUrl}/api/v1/run/${prompt}`,
        { variables: { who: email }, stream: true },
        key,
        chunked,
      );
      const events = sseEvents(await res.text());
      const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text as string);
      expect(deltas.join('')).toBe(`Reply to ${email} and ${email} today.`);
      expect(deltas.some((d) => d.includes('<'))).toBe(false);
      const done = events.at(-1) as { event: string; data: { output: string; runId: number } };
      expect(done).toMatchObject({ event: 'done', data: { output: `Reply to ${email} and ${email} today.` } });
      const row = await runRow(done.data.runId);
      expect(row.output).toBe('Reply to <EMAIL_1> and <EMAIL_1> today.');
      await expectNowhere(email);
    });

    it.each([
      ['JSON', false],
      ['streamed', true],
    ])('blocks (%s): 422 naming EMAIL, no model call, a failed run logged without the value', async (_, stream) => {
      const prompt = await deployed();
      await policy(prompt, { EMAIL: 'block' });
      const email = anEmail();
      const calls = fake.requests.length;
      for (const chunked of [true, false]) {
        const res = await postJson(
          `${baseUrl}/api/v1/run/${prompt}`,
          { variables: { who: email }, stream },
          key,
          chunked,
        );
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        const problem = (await res.json()) as { detail: string };
        expect(problem).toMatchObject({ code: 'PII_BLOCKED', entityTypes: ['EMAIL'] });
        expect(problem.detail).toContain('EMAIL');
        expect(JSON.stringify(problem)).not.toContain(email);
      }
      expect(fake.requests.length).toBe(calls);
      const rows = (await t.dataSource.query(
        "SELECT input, status, error_code FROM runs WHERE prompt_name = ? AND status = 'error'",
        [prompt],
      )) as { input: string; error_code: string }[];
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => r.error_code)).toEqual(['PII_BLOCKED', 'PII_BLOCKED']);
      expect(rows[0].input).toContain('<EMAIL>');
      await expectNowhere(email);
    });
  });

  it('masks every built-in entity type and a custom recognizer, Chinese text included, and tokenizes them back', async () => {
    const prompt = await deployed('fake-echo');
    await t.http
      .put(`/api/v1/prompts/${prompt}/privacy`)
      .set(t.auth)
      .send({
        entities: {
          EMAIL: 'mask',
          PHONE: 'mask',
          CREDIT_CARD: 'mask',
          IBAN: 'mask',
          IP_ADDRESS: 'mask',
          CN_RESIDENT_ID: 'mask',
          EMPLOYEE_ID: 'tokenize',
        },
        custom: [{ name: 'EMPLOYEE_ID', pattern: 'E-[0-9]{6}', contextWords: ['工号', 'employee'] }],
      })
      .expect(200);
    // Valid values: a Luhn-valid Visa test card, a mod-97-valid IBAN, a GB 11643 identity number.
    const values = {
      phone: '13812345678',
      card: '4111 1111 1111 1111',
      iban: 'DE89 3704 0044 0532 0130 00',
      ip: '203.0.113.7',
      id: '11010519491231002X',
      email: anEmail(),
    };
    const who =
      `张三，手机${values.phone}，卡号${values.card}，IBAN ${values.iban}，IP ${values.ip}，` +
      `身份证${values.id}，邮箱：${values.email}。工号 E-123456`;
    const res = await postJson(`${baseUrl}/api/v1/run/${prompt}`, { variables: { who } }, key, false);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { output: string; redactions: Record<string, number> };
    expect(body.redactions).toEqual({
      PHONE: 1,
      CREDIT_CARD: 1,
      IBAN: 1,
      IP_ADDRESS: 1,
      CN_RESIDENT_ID: 1,
      EMAIL: 1,
      EMPLOYEE_ID: 1,
    });
    // The echo model answers what it was sent: masked values stay masked, the tokenized one comes back.
    for (const type of ['PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'CN_RESIDENT_ID', 'EMAIL']) {
      expect(body.output).toContain(`<${type}>`);
    }
    expect(body.output).toContain('工号 E-123456');
    for (const value of Object.values(values)) await expectNowhere(value);
    // A look-alike is left alone: an 18-digit number whose check digit is wrong.
    const bad = await postJson(
      `${baseUrl}/api/v1/run/${prompt}`,
      { variables: { who: '订单号 110105194912310021' } },
      key,
      false,
    );
    expect(((await bad.json()) as { redactions?: unknown }).redactions ?? {}).toEqual({});
  });

  it('puts redactions in the audit log as counts per entity type, once per prompt, environment and source', async () => {
    const prompt = await deployed();
    await policy(prompt, { EMAIL: 'mask' });
    const emails = [anEmail(), anEmail(), anEmail()];
    for (const email of emails) {
      const res = await postJson(
        `${baseUrl}/api/v1/run/${prompt}`,
        { variables: { who: `${email}, cc ${anEmail()}` } },
        key,
        false,
      );
      expect(res.status).toBe(200);
    }
    await t.app.get(RedactionAudit).flush();
    const entries = await t.http
      .get('/api/v1/audit')
      .query({ action: 'privacy.redacted', targetType: 'prompt', targetId: prompt })
      .set(t.auth)
      .expect(200);
    expect(entries.body.items).toHaveLength(1);
    expect(entries.body.items[0].summary).toMatchObject({
      environment: 'prod',
      source: 'api',
      runs: 3,
      blockedRuns: 0,
      counts: { EMAIL: 6 },
    });
    for (const email of emails) await expectNowhere(email);
  });

  it('masks on webhooks', async () => {
    const prompt = await deployed();
    await policy(prompt, { EMAIL: 'mask' });
    const { body } = await t.http
      .post(`/api/v1/prompts/${prompt}/deployments/prod/webhook-secret`)
      .set(t.auth)
      .expect(201);
    const email = anEmail();
    const res = await t.http.post(`/api/webhooks/${body.secret}`).send({ who: email }).expect(200);
    expect(res.body.output).toBe(FAKE_ANSWER);
    await expectNowhere(email);
  });

  it('masks in the Playground, run and re-run, and answers what was redacted and sent', async () => {
    const prompt = await deployed();
    await policy(prompt, { EMAIL: 'mask' });
    const email = anEmail();
    const run = await t.http
      .post('/api/v1/playground/runs')
      .set(t.auth)
      .send({ prompt, version: 1, variables: { who: email }, provider, model: 'fake-normal' })
      .expect(201);
    expect(run.body).toMatchObject({
      redactions: { EMAIL: 1 },
      renderedMessages: [{ role: 'user', content: 'Write to <EMAIL> about the order.' }],
    });
    const rerun = await t.http.post(`/api/v1/playground/runs/${run.body.runId}/rerun`).set(t.auth).send({}).expect(201);
    expect(rerun.body.renderedMessages[0].content).toBe('Write to <EMAIL> about the order.');
    const detail = await t.http.get(`/api/v1/runs/${run.body.runId}`).set(t.auth).expect(200);
    expect(detail.body.redactions).toEqual({ EMAIL: 1 });
    await expectNowhere(email);
  });

  it('masks each flow step by its own prompt’s policy, and the flow’s own row', async () => {
    const step = await deployed('fake-normal', 'Summarise the ticket from {{ who }}.');
    await policy(step, { EMAIL: 'mask' });
    const name = `flow-privacy-${Date.now().toString(36)}`;
    await t.http
      .post('/api/v1/flows')
      .set(t.auth)
      .send({
        name,
        displayName: 'Privacy flow',
        inputs: [{ name: 'q', type: 'string', required: true }],
        definition: {
          steps: [{ id: 'first', prompt: { name: step }, inputs: { who: '{{ inputs.q }}' } }],
          output: 'From {{ inputs.q }}: {{ steps.first.output }}',
        },
        status: 'published',
      })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const email = anEmail();
    const res = await t.http
      .post(`/api/v1/flows/${name}/execute`)
      .set('X-API-Key', key)
      .send({ inputs: { q: email } })
      .expect(200);
    expect(res.body.output).toBe(`From ${email}: ${FAKE_ANSWER}`);
    await expectNowhere(email);
  });

  it('masks experiment variants and the LLM judge', async () => {
    const variant = await deployed();
    await policy(variant, { EMAIL: 'mask' });
    const judge = promptInput({
      template:
        'Judge this.\n<input>{{ input }}</input>\n<output>{{ output }}</output>\n<expected>{{ expected }}</expected>',
      variablesMeta: [
        { name: 'input', type: 'json', required: true },
        { name: 'output', type: 'text', required: true },
        { name: 'expected', type: 'json', required: false },
      ],
      modelConfig: { provider, model: 'fake-judge' },
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(judge).expect(201);
    await policy(judge.name, { EMAIL: 'mask' });
    const email = anEmail();
    const dataset = `privacy-${Date.now().toString(36)}`;
    await t.http
      .post('/api/v1/datasets')
      .set(t.auth)
      .send({ name: dataset, items: [{ input: { who: email }, expected: 'fine' }] })
      .expect(201);
    const calls = fake.requests.length;
    const created = await t.http
      .post('/api/v1/experiments?wait=true')
      .set(t.auth)
      .send({
        name: 'privacy',
        dataset,
        variants: [{ prompt: variant, version: 1, provider, model: 'fake-normal' }],
        repetitions: 1,
        scorers: [{ name: 'judge', kind: 'llm_judge', config: { prompt: judge.name, provider, model: 'fake-judge' } }],
      })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'completed', progress: { done: 1, failed: 0, scorerErrors: 0 } });
    const made = fake.requests.slice(calls);
    expect(made.map((r) => r.model).sort()).toEqual(['fake-judge', 'fake-normal']);
    expect(made.every((r) => JSON.stringify(r.body).includes('<EMAIL>'))).toBe(true);
    await expectNowhere(email);
  });
});
