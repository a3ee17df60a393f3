import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RENDER_PROMPT_BODY_SCHEMA, RUN_PROMPT_BODY_SCHEMA } from '../src/serving/dto/serving-body.schemas';
import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

describe('serving: environments, deployments, API keys, render and resolved', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  async function publishedPrompt(overrides: Record<string, unknown> = {}): Promise<string> {
    const input = promptInput({ template: 'v1: {{ topic }}', status: 'published', ...overrides });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    return input.name;
  }
  const deploy = (name: string, environment: string, version: number) =>
    t.http.put(`/api/v1/prompts/${name}/deployments/${environment}`).set(t.auth).send({ version });
  async function apiKey(body: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'svc', scopes: ['run', 'render', 'read'], rateLimitPerMinute: 1000, ...body })
      .expect(201);
    return res.body.key;
  }

  it('has dev, staging and a protected prod, and takes custom environments', async () => {
    const list = await t.http.get('/api/v1/environments').set(t.auth).expect(200);
    expect(list.body.map((e: { name: string; isProtected: boolean }) => [e.name, e.isProtected])).toEqual([
      ['dev', false],
      ['staging', false],
      ['prod', true],
    ]);
    await t.http
      .post('/api/v1/environments')
      .set(t.auth)
      .send({ name: 'tenant-acme', description: 'Acme' })
      .expect(201);
    const dup = await t.http.post('/api/v1/environments').set(t.auth).send({ name: 'tenant-acme' }).expect(409);
    expect(dup.body.code).toBe('ENVIRONMENT_ALREADY_EXISTS');
    await t.http.post('/api/v1/environments').set(t.auth).send({ name: 'Bad Name' }).expect(400);
  });

  it('deploys only published versions to prod, anything to dev, and keeps a history', async () => {
    const input = promptInput({ template: 'draft {{ topic }}' });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const refused = await deploy(input.name, 'prod', 1).expect(409);
    expect(refused.body.code).toBe('ENVIRONMENT_PROTECTED');
    expect(refused.body.detail).toContain('only published versions');
    await deploy(input.name, 'dev', 1).expect(200);

    await t.http.post(`/api/v1/prompts/${input.name}/versions/1/publish`).set(t.auth).expect(200);
    const prod = await deploy(input.name, 'prod', 1).expect(200);
    expect(prod.body).toMatchObject({
      environment: 'prod',
      version: 1,
      previousVersion: null,
      deployedBy: 'admin@example.com',
    });

    await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(t.auth)
      .send({ template: 'v2 {{ topic }}', status: 'published' })
      .expect(201);
    await deploy(input.name, 'prod', 2).expect(200);
    const rolledBack = await t.http
      .post(`/api/v1/prompts/${input.name}/deployments/prod/rollback`)
      .set(t.auth)
      .send({ note: 'v2 broke the tone' })
      .expect(200);
    expect(rolledBack.body).toMatchObject({ version: 1, previousVersion: 2, note: 'v2 broke the tone' });

    const history = await t.http.get(`/api/v1/prompts/${input.name}/deployments/prod/history`).set(t.auth).expect(200);
    expect(
      history.body.map((h: { action: string; fromVersion: number; toVersion: number }) => [
        h.action,
        h.fromVersion,
        h.toVersion,
      ]),
    ).toEqual([
      ['rollback', 2, 1],
      ['deploy', 1, 2],
      ['deploy', null, 1],
    ]);
    const all = await t.http.get(`/api/v1/prompts/${input.name}/deployments`).set(t.auth).expect(200);
    expect(all.body.map((d: { environment: string; version: number | null }) => [d.environment, d.version])).toEqual(
      expect.arrayContaining([
        ['dev', 1],
        ['staging', null],
        ['prod', 1],
      ]),
    );
    await t.http.post(`/api/v1/prompts/${input.name}/deployments/staging/rollback`).set(t.auth).send({}).expect(409);
    await deploy(input.name, 'nowhere', 1).expect(404);
    await deploy(input.name, 'dev', 9).expect(404);
  });

  it('shows an API key once and stores only a salted hash', async () => {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'billing', scopes: ['render'], environment: 'prod', rateLimitPerMinute: 60 })
      .expect(201);
    expect(res.body.key).toMatch(/^po_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({
      name: 'billing',
      scopes: ['render'],
      environment: 'prod',
      last4: res.body.key.slice(-4),
    });
    const list = await t.http.get('/api/v1/api-keys').set(t.auth).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.key);
    const rows = await t.dataSource.query('SELECT * FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(res.body.key.slice(16));
    const bad = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'x', scopes: ['admin'], rateLimitPerMinute: 0 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['rateLimitPerMinute', 'scopes']);
  });

  it('renders what prod serves for a backend service, and follows a deploy at once', async () => {
    const name = await publishedPrompt();
    const key = await apiKey();
    await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'x' } })
      .expect(404);
    await deploy(name, 'prod', 1).expect(200);
    const v1 = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'tea' } })
      .expect(200);
    expect(v1.body).toMatchObject({ text: 'v1: tea', version: 1, environment: 'prod', resolvedBy: 'environment' });
    expect(v1.headers['ratelimit-limit']).toBe('1000');

    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'v2: {{ topic }}', status: 'published' })
      .expect(201);
    await deploy(name, 'prod', 2).expect(200);
    const v2 = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'tea' } })
      .expect(200);
    expect(v2.body).toMatchObject({ text: 'v2: tea', version: 2 });

    const missing = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: {} })
      .expect(400);
    expect(missing.body.detail).toBe('Missing variable: {{topic}}');

    await t.http.post(`/api/v1/prompts/${name}/versions`).set(t.auth).send({ template: 'draft' }).expect(201);
    const draft = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ version: 3 })
      .expect(409);
    expect(draft.body.code).toBe('VERSION_NOT_PUBLISHED');
    const pinned = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ version: 1, variables: { topic: 'a' } })
      .expect(200);
    expect(pinned.body).toMatchObject({ text: 'v1: a', resolvedBy: 'version' });

    const noEnv = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ environment: 'staging', variables: { topic: 'a' } })
      .expect(404);
    expect(noEnv.body.detail).toBe(`Prompt "${name}" has no version deployed in "staging"`);
  });

  it('enforces scopes, environment restrictions and revocation', async () => {
    const name = await publishedPrompt();
    await deploy(name, 'prod', 1).expect(200);
    await deploy(name, 'dev', 1).expect(200);
    const readOnly = await apiKey({ scopes: ['read'] });
    const scoped = await t.http.post(`/api/v1/prompts/${name}/render`).set('X-API-Key', readOnly).send({}).expect(403);
    expect(scoped.body).toMatchObject({
      code: 'API_KEY_SCOPE_MISSING',
      detail: 'This API key lacks the "render" scope',
    });

    const devOnly = await apiKey({ environment: 'dev' });
    const ok = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', devOnly)
      .send({ variables: { topic: 'd' } })
      .expect(200);
    expect(ok.body.environment).toBe('dev');
    const mismatch = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', devOnly)
      .send({ environment: 'prod', variables: { topic: 'd' } })
      .expect(403);
    expect(mismatch.body.code).toBe('API_KEY_ENVIRONMENT_MISMATCH');

    const key = await apiKey();
    const list = await t.http.get('/api/v1/api-keys').set(t.auth).expect(200);
    const id = list.body.find((k: { last4: string }) => k.last4 === key.slice(-4)).id;
    await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'x' } })
      .expect(200);
    const revoked = await t.http.post(`/api/v1/api-keys/${id}/revoke`).set(t.auth).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    const refused = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'x' } })
      .expect(401);
    expect(refused.body.code).toBe('API_KEY_INVALID');
    await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', `${key.slice(0, -1)}x`)
      .send({})
      .expect(401);
    await t.http.post(`/api/v1/prompts/${name}/render`).set('X-API-Key', 'garbage').send({}).expect(401);
    // Console-only routes do not take API keys.
    await t.http.get('/api/v1/environments').set('X-API-Key', readOnly).expect(401);
  });

  it('serves a key restricted to staging only what staging deploys, even when it names a version', async () => {
    const name = await publishedPrompt();
    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'v2: {{ topic }}', status: 'published' })
      .expect(201);
    await deploy(name, 'staging', 1).expect(200);
    await deploy(name, 'prod', 2).expect(200);
    const stagingKey = await apiKey({ environment: 'staging' });
    const render = (body: Record<string, unknown>) =>
      t.http
        .post(`/api/v1/prompts/${name}/render`)
        .set('X-API-Key', stagingKey)
        .send({ variables: { topic: 's' }, ...body });

    const prodVersion = await render({ version: 2 }).expect(403);
    expect(prodVersion.body).toMatchObject({ code: 'API_KEY_ENVIRONMENT_MISMATCH' });
    expect(prodVersion.body.detail).toContain('"staging", which serves version 1');
    const run = await t.http
      .post(`/api/v1/run/${name}`)
      .set('X-API-Key', stagingKey)
      .send({ variables: { topic: 's' }, version: 2 })
      .expect(403);
    expect(run.body.code).toBe('API_KEY_ENVIRONMENT_MISMATCH');

    expect((await render({ version: 1 }).expect(200)).body).toMatchObject({ text: 'v1: s', version: 1 });
    expect((await render({}).expect(200)).body).toMatchObject({ text: 'v1: s', environment: 'staging' });
    // An unrestricted key may still pin any published version.
    const anyKey = await apiKey();
    await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', anyKey)
      .send({ variables: { topic: 's' }, version: 1 })
      .expect(200);
  });

  it('refuses to create a key for an environment that does not exist', async () => {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'svc', scopes: ['render'], environment: 'stagign', rateLimitPerMinute: 10 })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([{ field: 'environment', message: '"stagign" does not exist' }]);
    const list = await t.http.get('/api/v1/api-keys').set(t.auth).expect(200);
    expect(list.body.some((k: { environment: string }) => k.environment === 'stagign')).toBe(false);
  });

  it('answers 410 for a disabled prompt on the serving path', async () => {
    const name = await publishedPrompt();
    await deploy(name, 'prod', 1).expect(200);
    const key = await apiKey();
    await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'x' } })
      .expect(200);
    await t.http.post(`/api/v1/prompts/${name}/disable`).set(t.auth).expect(200);
    const gone = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ variables: { topic: 'x' } })
      .expect(410);
    expect(gone.body.code).toBe('PROMPT_RETIRED');
  });

  it('rate limits a key with a token bucket and says when to retry', async () => {
    const name = await publishedPrompt();
    await deploy(name, 'prod', 1).expect(200);
    const key = await apiKey({ rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.http
        .post(`/api/v1/prompts/${name}/render`)
        .set('X-API-Key', key)
        .send({ variables: { topic: 'x' } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.body.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(last!.headers['ratelimit-limit']).toBe('3');
    expect(last!.headers['ratelimit-remaining']).toBe('0');
  });

  it('serves the resolved template with an ETag and answers 304 until it changes', async () => {
    const name = await publishedPrompt({ variablesMeta: [{ name: 'topic', type: 'string', default: 'tea' }] });
    await deploy(name, 'prod', 1).expect(200);
    const key = await apiKey();
    const first = await t.http.get(`/api/v1/prompts/${name}/resolved`).set('X-API-Key', key).expect(200);
    expect(first.body).toMatchObject({
      prompt: name,
      environment: 'prod',
      version: 1,
      kind: 'text',
      template: 'v1: {{ topic }}',
    });
    const etag = first.headers.etag;
    expect(etag).toBeTruthy();
    await t.http.get(`/api/v1/prompts/${name}/resolved`).set('X-API-Key', key).set('If-None-Match', etag).expect(304);

    await t.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(t.auth)
      .send({ template: 'v2', status: 'published' })
      .expect(201);
    await deploy(name, 'prod', 2).expect(200);
    const changed = await t.http
      .get(`/api/v1/prompts/${name}/resolved`)
      .set('X-API-Key', key)
      .set('If-None-Match', etag)
      .expect(200);
    expect(changed.body.version).toBe(2);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('names every invalid field of a serving body', async () => {
    const name = await publishedPrompt();
    const key = await apiKey();
    const res = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('X-API-Key', key)
      .send({ version: 0, environment: 7, variables: 'topic=x', surprise: true })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'environment',
      'surprise',
      'variables',
      'version',
    ]);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'surprise').message).toBe(
      'property surprise should not exist; template variables go under "variables", e.g. {"variables": {"surprise": …}}',
    );
    const run = await t.http.post(`/api/v1/run/${name}`).set('X-API-Key', key).send({ stream: 'yes' }).expect(400);
    expect(run.body.errors[0]).toMatchObject({ field: 'stream', message: 'stream must be boolean' });
  });

  it('tells a caller who sends variables flat to put them under "variables", on render and run', async () => {
    const name = await publishedPrompt();
    const key = await apiKey();
    for (const path of [`/api/v1/prompts/${name}/render`, `/api/v1/run/${name}`]) {
      const res = await t.http.post(path).set('X-API-Key', key).send({ customer_name: 'Ann' }).expect(400);
      expect([path, res.body.detail]).toEqual([
        path,
        'customer_name: property customer_name should not exist; template variables go under "variables", e.g. {"variables": {"customer_name": …}}',
      ]);
    }
  });

  it('tells a caller who sends an API key as a bearer token to use X-API-Key, not that a session expired', async () => {
    const name = await publishedPrompt();
    const key = await apiKey();
    const res = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set('Authorization', `Bearer ${key}`)
      .send({ variables: { topic: 'x' } })
      .expect(401);
    expect(res.body).toMatchObject({
      code: 'API_KEY_INVALID',
      detail: 'This is an API key, not a console session: send it as X-API-Key: <key>, not Authorization: Bearer',
    });
    const consoleOnly = await t.http.get('/api/v1/environments').set('Authorization', `Bearer ${key}`).expect(401);
    expect(consoleOnly.body.detail).toContain('takes console sessions only');
  });

  it('says a missing rateLimitPerMinute is missing, and what to send, rather than that it is too large', async () => {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name: 'svc', scopes: ['render'] })
      .expect(400);
    expect(res.body.errors).toEqual([
      {
        field: 'rateLimitPerMinute',
        message: 'rateLimitPerMinute is missing: send the requests per minute this key may make, 1 to 1000000',
        code: 'isDefined',
      },
    ]);
    const other = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ scopes: ['render'], rateLimitPerMinute: 10 })
      .expect(400);
    expect(other.body.errors).toEqual([
      { field: 'name', message: 'name is missing; add it to the request', code: 'isDefined' },
    ]);
  });

  it('documents the serving bodies with the fields their schemas accept', () => {
    // The committed document is built with the Swagger plugin (CI keeps it fresh).
    const doc = JSON.parse(readFileSync(join(__dirname, '../openapi.json'), 'utf8'));
    const documented = (dto: string) => Object.keys(doc.components.schemas[dto].properties).sort();
    expect(documented('RenderPromptDto')).toEqual(Object.keys(RENDER_PROMPT_BODY_SCHEMA.properties).sort());
    expect(documented('RunPromptDto')).toEqual(Object.keys(RUN_PROMPT_BODY_SCHEMA.properties).sort());
  });
});
