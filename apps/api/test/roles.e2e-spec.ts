import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

describe('roles, users, audit log and debug mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  /** Creates a user with a role and signs them in. */
  async function member(role: string, extra: Record<string, unknown> = {}) {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const created = await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: role, role, password: 'member-password-1', ...extra })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'member-password-1' }).expect(200);
    return { id: created.body.id as number, email, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
  }

  async function publishedPrompt(): Promise<string> {
    const input = promptInput({ template: 'v1 {{ topic }}', status: 'published' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    return input.name;
  }

  it('documents the permission every console operation needs', async () => {
    const doc = await t.http.get('/api/openapi.json').expect(200);
    const missing: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, Record<string, unknown>>>(doc.body.paths)) {
      if (!path.startsWith('/api/v1/') || path === '/api/v1/auth/login') continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!operation['x-required-permission']) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('lets a viewer read but refuses every change with 403 naming the permission', async () => {
    const name = await publishedPrompt();
    const viewer = await member('viewer');
    await t.http.get('/api/v1/prompts').set(viewer.auth).expect(200);
    await t.http.get(`/api/v1/prompts/${name}/versions`).set(viewer.auth).expect(200);
    const changes: [string, string, Record<string, unknown>][] = [
      ['post', '/api/v1/prompts', promptInput()],
      ['patch', `/api/v1/prompts/${name}`, { displayName: 'x' }],
      ['post', `/api/v1/prompts/${name}/disable`, {}],
      ['post', `/api/v1/prompts/${name}/versions`, { template: 'x' }],
      ['post', `/api/v1/prompts/${name}/versions/1/clone`, {}],
      ['post', `/api/v1/prompts/${name}/versions/1/archive`, {}],
      ['post', `/api/v1/prompts/${name}/versions/1/publish`, {}],
      ['put', `/api/v1/prompts/${name}/deployments/dev`, { version: 1 }],
      ['post', `/api/v1/prompts/${name}/deployments/prod/webhook-secret`, {}],
      ['post', '/api/v1/api-keys', { name: 'k', scopes: ['run'], rateLimitPerMinute: 1 }],
      ['post', '/api/v1/providers', { name: 'p', kind: 'ollama', baseUrl: 'http://127.0.0.1:1', models: [] }],
      ['post', '/api/v1/users', { email: 'x@example.com', name: 'x', role: 'admin' }],
      ['put', '/api/v1/auth/debug-mode', { enabled: true }],
    ];
    for (const [method, path, body] of changes) {
      const res = await (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)
        [method](path)
        .set(viewer.auth)
        .send(body);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.detail).toMatch(/needs the [a-z]+:[a-z]+ permission, which the viewer role does not have/);
    }
  });

  it('lets an editor edit and deploy to dev, but not publish or deploy to prod', async () => {
    const name = await publishedPrompt();
    const editor = await member('editor');
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(editor.auth)
      .send({ template: 'v2 {{ topic }}' })
      .expect(201);
    const publish = await t.http.post(`/api/v1/prompts/${name}/versions/2/publish`).set(editor.auth).expect(403);
    expect(publish.body.permission).toBe('prompt:publish');
    await t.http.put(`/api/v1/prompts/${name}/deployments/dev`).set(editor.auth).send({ version: 2 }).expect(200);
    const prod = await t.http
      .put(`/api/v1/prompts/${name}/deployments/prod`)
      .set(editor.auth)
      .send({ version: 1 })
      .expect(403);
    expect(prod.body.detail).toContain('"prod" is protected');
    const engineer = await member('prompt_engineer');
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(engineer.auth).send({ version: 1 }).expect(200);
  });

  it('lets an editor take a prompt offline only where no protected environment serves it', async () => {
    const editor = await member('editor');
    const engineer = await member('prompt_engineer');
    const inProd = await publishedPrompt();
    await t.http.put(`/api/v1/prompts/${inProd}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const key = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'svc', scopes: ['render'], rateLimitPerMinute: 1000 })
        .expect(201)
    ).body.key;
    const renderProd = () =>
      t.http
        .post(`/api/v1/prompts/${inProd}/render`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'x' } });

    const refused = await t.http.post(`/api/v1/prompts/${inProd}/disable`).set(editor.auth).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', permission: 'prompt:publish' });
    expect(refused.body.detail).toContain('"prod" is protected: disabling needs the prompt:publish permission');
    await renderProd().expect(200);

    await t.http.post(`/api/v1/prompts/${inProd}/disable`).set(engineer.auth).expect(200);
    await renderProd().expect(410);
    // Enabling changes what prod serves just as much.
    await t.http.post(`/api/v1/prompts/${inProd}/enable`).set(editor.auth).expect(403);
    await t.http.post(`/api/v1/prompts/${inProd}/enable`).set(engineer.auth).expect(200);
    await renderProd().expect(200);

    const inDevOnly = await publishedPrompt();
    await t.http.put(`/api/v1/prompts/${inDevOnly}/deployments/dev`).set(editor.auth).send({ version: 1 }).expect(200);
    await t.http.post(`/api/v1/prompts/${inDevOnly}/disable`).set(editor.auth).expect(200);
  });

  it('tells each user their permissions, and lets them change their own password', async () => {
    const editor = await member('editor');
    const me = await t.http.get('/api/v1/auth/me').set(editor.auth).expect(200);
    expect(me.body).toMatchObject({ email: editor.email, role: 'editor', debugUntil: null });
    expect(me.body.permissions.sort()).toEqual(['prompt:debug', 'prompt:edit', 'prompt:view']);
    const wrong = await t.http
      .post('/api/v1/auth/password')
      .set(editor.auth)
      .send({ currentPassword: 'nope', newPassword: 'another-password-2' })
      .expect(400);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    await t.http
      .post('/api/v1/auth/password')
      .set(editor.auth)
      .send({ currentPassword: 'member-password-1', newPassword: 'another-password-2' })
      .expect(204);
    await t.http.post('/api/v1/auth/login').send({ email: editor.email, password: 'another-password-2' }).expect(200);
  });

  it('stops a disabled user at once and lets an admin reset a password', async () => {
    const editor = await member('editor');
    await t.http.get('/api/v1/prompts').set(editor.auth).expect(200);
    await t.http.patch(`/api/v1/users/${editor.id}`).set(t.auth).send({ enabled: false }).expect(200);
    await t.http.get('/api/v1/prompts').set(editor.auth).expect(401);
    await t.http.patch(`/api/v1/users/${editor.id}`).set(t.auth).send({ enabled: true }).expect(200);
    const reset = await t.http.post(`/api/v1/users/${editor.id}/reset-password`).set(t.auth).expect(200);
    expect(reset.body.temporaryPassword).toEqual(expect.any(String));
    await t.http
      .post('/api/v1/auth/login')
      .send({ email: editor.email, password: reset.body.temporaryPassword })
      .expect(200);
    const dup = await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email: editor.email, name: 'x', role: 'viewer' })
      .expect(409);
    expect(dup.body.code).toBe('CONFLICT');
    const self = await t.http.get('/api/v1/auth/me').set(t.auth).expect(200);
    await t.http.patch(`/api/v1/users/${self.body.id}`).set(t.auth).send({ role: 'viewer' }).expect(409);
  });

  it('serves the newest draft to a user in debug mode while everyone else gets prod', async () => {
    const name = await publishedPrompt();
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'DRAFT {{ topic }}' })
      .expect(201);
    const alice = await member('prompt_engineer', { externalId: 'alice-42' });
    await member('editor', { externalId: 'bob-7' });
    const on = await t.http.put('/api/v1/auth/debug-mode').set(alice.auth).send({ enabled: true }).expect(200);
    const hours = (new Date(on.body.debugUntil).getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);

    const key = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'business-backend', scopes: ['render'], serveDebugDrafts: true, rateLimitPerMinute: 1000 })
        .expect(201)
    ).body.key;
    const render = (userId?: string, header?: string) => {
      const req = t.http.post(`/api/v1/prompts/${name}/render`).set('X-API-Key', key);
      if (header) req.set('X-PromptOps-User', header);
      return req.send({ variables: { topic: 'x' }, ...(userId ? { userId } : {}) }).expect(200);
    };
    const [debugged, other, anonymous, byHeader, byEmail] = await Promise.all([
      render('alice-42'),
      render('bob-7'),
      render(),
      render(undefined, 'alice-42'),
      render(alice.email),
    ]);
    expect(debugged.body).toMatchObject({ text: 'DRAFT x', version: 2, resolvedBy: 'debug' });
    expect(other.body).toMatchObject({ text: 'v1 x', version: 1, resolvedBy: 'environment' });
    expect(anonymous.body).toMatchObject({ text: 'v1 x', resolvedBy: 'environment' });
    expect(byHeader.body.resolvedBy).toBe('debug');
    expect(byEmail.body.resolvedBy).toBe('debug');
    // The debug answer did not leak into the shared cache.
    expect((await render()).body.version).toBe(1);

    await t.http.put('/api/v1/auth/debug-mode').set(alice.auth).send({ enabled: false }).expect(200);
    expect((await render('alice-42')).body.resolvedBy).toBe('environment');
    const audit = await t.http.get('/api/v1/audit').query({ action: 'debug_mode.' }).set(t.auth).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['debug_mode.off', 'debug_mode.on']);
  });

  it('serves drafts to a named end user only through API keys set to, never by default', async () => {
    const name = await publishedPrompt();
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'DRAFT {{ topic }}' })
      .expect(201);
    const debugger_ = await member('prompt_engineer', {
      externalId: `carol-${Math.random().toString(36).slice(2, 6)}`,
    });
    await t.http.put('/api/v1/auth/debug-mode').set(debugger_.auth).send({ enabled: true }).expect(200);

    const createKey = (body: Record<string, unknown>) =>
      t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ scopes: ['render', 'run'], rateLimitPerMinute: 1000, ...body })
        .expect(201);
    const plain = await createKey({ name: 'partner-integration' });
    expect(plain.body.serveDebugDrafts).toBe(false);
    const backend = await createKey({ name: 'business-backend', serveDebugDrafts: true });
    expect(backend.body.serveDebugDrafts).toBe(true);

    const render = (key: string) =>
      t.http
        .post(`/api/v1/prompts/${name}/render`)
        .set('X-API-Key', key)
        .set('X-PromptOps-User', debugger_.email)
        .send({ variables: { topic: 'x' } })
        .expect(200);
    // Anyone holding a key can name any user: an ordinary key serves what prod deploys.
    expect((await render(plain.body.key)).body).toMatchObject({ text: 'v1 x', resolvedBy: 'environment' });
    expect((await render(backend.body.key)).body).toMatchObject({ text: 'DRAFT x', resolvedBy: 'debug' });

    const listed = await t.http.get('/api/v1/api-keys').set(t.auth).expect(200);
    expect(listed.body.find((k: { id: number }) => k.id === backend.body.id).serveDebugDrafts).toBe(true);
    const audit = await t.http
      .get('/api/v1/audit')
      .query({ action: 'api_key.create', targetId: String(backend.body.id) })
      .set(t.auth)
      .expect(200);
    expect(audit.body.items[0].summary.after.serveDebugDrafts).toBe(true);
  });

  it('records every change in the audit log, filterable, with a prompt history for viewers', async () => {
    const name = await publishedPrompt();
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'v2 {{ topic }}', status: 'published' })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${name}/deployments/prod`).set(t.auth).send({ version: 2 }).expect(200);
    await t.http.post(`/api/v1/prompts/${name}/deployments/prod/rollback`).set(t.auth).send({}).expect(200);

    const viewer = await member('viewer');
    const history = await t.http
      .get('/api/v1/audit')
      .query({ targetType: 'prompt', targetId: name })
      .set(viewer.auth)
      .expect(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'deployment.rollback',
      'deployment.deploy',
      'version.create',
      'deployment.deploy',
      'version.create',
      'prompt.create',
    ]);
    expect(history.body.items[0]).toMatchObject({ actor: 'admin@example.com', targetId: `${name}@prod` });
    expect(history.body.items[0].summary).toMatchObject({ before: { version: 2 }, after: { version: 1 } });
    await t.http.get('/api/v1/audit').set(viewer.auth).expect(403);

    const signIns = await t.http
      .get('/api/v1/audit')
      .query({ action: 'auth.login', actor: viewer.email })
      .set(t.auth)
      .expect(200);
    expect(signIns.body.total).toBe(1);
    expect(signIns.body.items[0].ip).toEqual(expect.any(String));
  });

  it('throttles repeated sign-in attempts on one account and logs the failures', async () => {
    const email = 'target@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push((await t.http.post('/api/v1/auth/login').send({ email, password: `guess-${i}` })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const failures = await t.http
      .get('/api/v1/audit')
      .query({ action: 'auth.login_failed', targetId: email })
      .set(t.auth)
      .expect(200);
    expect(failures.body.total).toBe(10);
  });
});
