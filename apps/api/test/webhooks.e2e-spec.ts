import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

describe('webhooks for no-code tools', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ WEBHOOK_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  async function deployedWebhook(): Promise<{ name: string; secret: string; url: string }> {
    const input = promptInput({
      template: 'Write {{ count }} lines about {{ topic }}{% if formal %}, formally{% endif %}.',
      variablesMeta: [
        { name: 'topic', type: 'string', required: true },
        { name: 'count', type: 'int', required: true },
        { name: 'formal', type: 'bool', default: false },
      ],
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const res = await t.http
      .post(`/api/v1/prompts/${input.name}/deployments/prod/webhook-secret`)
      .set(t.auth)
      .expect(201);
    return { name: input.name, secret: res.body.secret, url: res.body.url };
  }

  it('creates a long URL-safe secret and shows the URL on the deployment', async () => {
    const { name, secret, url } = await deployedWebhook();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`http://localhost:3000/api/webhooks/${secret}`);
    const deployment = await t.http.get(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).expect(200);
    expect(deployment.body.webhook.url).toBe(url);
    const [row] = await t.dataSource.query('SELECT webhook_secret_hash, webhook_secret_encrypted FROM deployments');
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  /** A user with a role, signed in. */
  async function member(role: string, extra: Record<string, unknown> = {}) {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: role, role, password: 'member-password-1', ...extra })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'member-password-1' }).expect(200);
    return { email, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
  }

  it('shows the webhook URL, which holds the secret, only to users who may rotate it', async () => {
    const { name, url } = await deployedWebhook();
    for (const role of ['viewer', 'editor']) {
      const { auth } = await member(role);
      const one = await t.http.get(`/api/v1/prompts/${name}/deployments/prod`).set(auth).expect(200);
      expect([role, one.body.webhook]).toEqual([
        role,
        { url: null, createdAt: expect.any(String), servesDebugDrafts: false },
      ]);
      const all = await t.http.get(`/api/v1/prompts/${name}/deployments`).set(auth).expect(200);
      expect(JSON.stringify(all.body)).not.toContain(url);
      expect(all.body.find((d: { environment: string }) => d.environment === 'prod').webhook.url).toBeNull();
    }
    const engineer = await member('prompt_engineer');
    const seen = await t.http.get(`/api/v1/prompts/${name}/deployments/prod`).set(engineer.auth).expect(200);
    expect(seen.body.webhook.url).toBe(url);
  });

  it('serves drafts to an end user in debug mode whom the caller names only when the webhook allows it', async () => {
    const { name, secret } = await deployedWebhook();
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'DRAFT {{ topic }} x{{ count }}' })
      .expect(201);
    const engineer = await member('prompt_engineer', { externalId: `dev-${Math.random().toString(36).slice(2, 8)}` });
    await t.http.put('/api/v1/auth/debug-mode').set(engineer.auth).send({ enabled: true }).expect(200);
    const call = () =>
      t.http
        .post(`/api/webhooks/${secret}?mode=render`)
        .set('X-PromptOps-User', engineer.email)
        .send({ topic: 'a', count: 1 })
        .expect(200);

    expect((await call()).body).toMatchObject({ text: 'Write 1 lines about a.', version: 1 });

    await t.http.put(`/api/v1/prompts/${name}/deployments/dev`).set(t.auth).send({ version: 1 }).expect(200);
    const none = await t.http
      .patch(`/api/v1/prompts/${name}/deployments/dev/webhook`)
      .set(t.auth)
      .send({ servesDebugDrafts: true })
      .expect(404);
    expect(none.body).toMatchObject({
      code: 'WEBHOOK_NOT_FOUND',
      detail: `Prompt "${name}" has no webhook in "dev"; create one first`,
    });
    const editor = await member('editor');
    await t.http
      .patch(`/api/v1/prompts/${name}/deployments/prod/webhook`)
      .set(editor.auth)
      .send({ servesDebugDrafts: true })
      .expect(403);
    const allowed = await t.http
      .patch(`/api/v1/prompts/${name}/deployments/prod/webhook`)
      .set(t.auth)
      .send({ servesDebugDrafts: true })
      .expect(200);
    expect(allowed.body.webhook.servesDebugDrafts).toBe(true);
    expect((await call()).body).toMatchObject({ text: 'DRAFT a x1', version: 2 });

    const audit = await t.http
      .get('/api/v1/audit')
      .query({ action: 'webhook.update', targetId: `${name}@prod` })
      .set(t.auth)
      .expect(200);
    expect(audit.body.items[0].summary).toEqual({
      before: { servesDebugDrafts: false },
      after: { servesDebugDrafts: true },
    });
  });

  it('renders from a JSON body', async () => {
    const { secret } = await deployedWebhook();
    const res = await t.http.post(`/api/webhooks/${secret}?mode=render`).send({ topic: 'tea', count: 2 }).expect(200);
    expect(res.body).toMatchObject({ text: 'Write 2 lines about tea.', version: 1, environment: 'prod' });
  });

  it('renders from a form-encoded body, coercing strings to the declared types', async () => {
    const { secret } = await deployedWebhook();
    const res = await t.http
      .post(`/api/webhooks/${secret}?mode=render`)
      .type('form')
      .send('topic=autumn+leaves&count=3&formal=true')
      .expect(200);
    expect(res.body.text).toBe('Write 3 lines about autumn leaves, formally.');
  });

  it('answers a missing variable with the exact message in detail and a flat error field', async () => {
    const { secret } = await deployedWebhook();
    const res = await t.http.post(`/api/webhooks/${secret}?mode=render`).type('form').send('count=3').expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe('Missing variable: {{topic}}');
    expect(res.body.error).toBe('Missing variable: {{topic}}');
  });

  it('takes a body of the run API\'s shape, {"variables": {…}}, as well as flat fields', async () => {
    const { secret } = await deployedWebhook();
    const res = await t.http
      .post(`/api/webhooks/${secret}?mode=render`)
      .send({ variables: { topic: 'tea', count: '2' } })
      .expect(200);
    expect(res.body.text).toBe('Write 2 lines about tea.');
  });

  it('answers malformed JSON with the same flat error field as every other webhook error', async () => {
    const { secret } = await deployedWebhook();
    const res = await t.http
      .post(`/api/webhooks/${secret}?mode=render`)
      .set('Content-Type', 'application/json')
      .send('{"topic": "tea",')
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toMatch(/^The body is not valid JSON/);
    expect(res.body.error).toBe(res.body.detail);
    const unknown = await t.http.post('/api/webhooks/not-a-real-secret').send({}).expect(404);
    expect(unknown.body.error).toBe('No webhook at this address');
  });

  it('reads steps[]=a&steps[]=b form fields as a list', async () => {
    const input = promptInput({
      template: '{% for s in steps %}{{ loop.index }}. {{ s }}\n{% endfor %}',
      variablesMeta: [{ name: 'steps', type: 'list', required: true }],
      status: 'published',
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const { secret } = (
      await t.http.post(`/api/v1/prompts/${input.name}/deployments/prod/webhook-secret`).set(t.auth).expect(201)
    ).body;
    const res = await t.http
      .post(`/api/webhooks/${secret}?mode=render`)
      .type('form')
      .send('steps[]=boil+water&steps[]=add+tea')
      .expect(200);
    expect(res.body.text).toBe('1. boil water\n2. add tea\n');
  });

  it('reveals nothing for an unknown secret, and stops an old secret after rotation or disabling', async () => {
    const unknown = await t.http.post('/api/webhooks/not-a-real-secret').send({}).expect(404);
    expect(unknown.body.detail).toBe('No webhook at this address');
    const { name, secret } = await deployedWebhook();
    const rotated = await t.http
      .post(`/api/v1/prompts/${name}/deployments/prod/webhook-secret`)
      .set(t.auth)
      .expect(201);
    await t.http.post(`/api/webhooks/${secret}?mode=render`).send({ topic: 'a', count: 1 }).expect(404);
    await t.http.post(`/api/webhooks/${rotated.body.secret}?mode=render`).send({ topic: 'a', count: 1 }).expect(200);
    await t.http.delete(`/api/v1/prompts/${name}/deployments/prod/webhook-secret`).set(t.auth).expect(200);
    await t.http.post(`/api/webhooks/${rotated.body.secret}?mode=render`).send({ topic: 'a', count: 1 }).expect(404);
  });

  it('follows a rollback at once', async () => {
    const { name, secret } = await deployedWebhook();
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'NEW {{ topic }} x{{ count }}', status: 'published' })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 2 }).expect(200);
    const v2 = await t.http.post(`/api/webhooks/${secret}?mode=render`).send({ topic: 'a', count: 1 }).expect(200);
    expect(v2.body.text).toBe('NEW a x1');
    await t.http.post(`/api/v1/prompts/${name}/deployments/prod/rollback`).set(t.auth).send({}).expect(200);
    const v1 = await t.http.post(`/api/webhooks/${secret}?mode=render`).send({ topic: 'a', count: 1 }).expect(200);
    expect(v1.body.text).toBe('Write 1 lines about a.');
  });
});
