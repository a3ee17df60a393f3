import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

type KeyHeader = { 'X-API-Key': string };

describe('API-key scopes on the prompt registry (read, write, deploy)', () => {
  let t: TestApp;
  let prompt: string;
  const keys: Record<string, KeyHeader> = {};

  async function createKey(name: string, scopes: string[], environment?: string): Promise<KeyHeader> {
    const res = await t.http
      .post('/api/v1/api-keys')
      .set(t.auth)
      .send({ name, scopes, rateLimitPerMinute: 1000, ...(environment ? { environment } : {}) })
      .expect(201);
    return { 'X-API-Key': res.body.key };
  }

  beforeAll(async () => {
    t = await startApp();
    const input = promptInput({ status: 'published' });
    prompt = input.name;
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    await t.http
      .post(`/api/v1/prompts/${prompt}/versions`)
      .set(t.auth)
      .send({ template: 'v2 {{ topic }}' })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${prompt}/deployments/dev`).set(t.auth).send({ version: 1 }).expect(200);
    keys.read = await createKey('ci-read', ['read']);
    keys.write = await createKey('ci-write', ['write']);
    keys.deploy = await createKey('ci-deploy', ['deploy']);
    keys.run = await createKey('backend', ['run', 'render']);
    keys.devOnly = await createKey('dev-deployer', ['deploy'], 'dev');
  });
  afterAll(() => t.close());

  const expectScopeMissing = (res: {
    status: number;
    headers: Record<string, string>;
    body: Record<string, unknown>;
  }) => {
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('API_KEY_SCOPE_MISSING');
  };

  const reads: [string, () => string][] = [
    ['lists prompts', () => '/api/v1/prompts'],
    ['gets a prompt', () => `/api/v1/prompts/${prompt}`],
    ['lists versions', () => `/api/v1/prompts/${prompt}/versions`],
    ['gets a version', () => `/api/v1/prompts/${prompt}/versions/1`],
    ['diffs versions', () => `/api/v1/prompts/${prompt}/diff?from=1&to=2`],
    ['lists deployments', () => `/api/v1/prompts/${prompt}/deployments`],
    ['gets a deployment', () => `/api/v1/prompts/${prompt}/deployments/dev`],
  ];

  it.each(reads)('%s with scope read, and not with another scope', async (_what, path) => {
    await t.http.get(path()).set(keys.read).expect(200);
    expectScopeMissing(await t.http.get(path()).set(keys.run));
    expectScopeMissing(await t.http.get(path()).set(keys.write));
  });

  it('never shows a webhook URL to an API key', async () => {
    await t.http.post(`/api/v1/prompts/${prompt}/deployments/dev/webhook-secret`).set(t.auth).expect(201);
    const res = await t.http.get(`/api/v1/prompts/${prompt}/deployments/dev`).set(keys.read).expect(200);
    expect(res.body.webhook).toMatchObject({ url: null });
  });

  it('creates a prompt and a version, and publishes, with scope write only; the audit log names the key', async () => {
    const input = promptInput();
    expectScopeMissing(await t.http.post('/api/v1/prompts').set(keys.read).send(input));
    await t.http.post('/api/v1/prompts').set(keys.write).send(input).expect(201);

    const version = { template: 'Written by CI: {{ topic }}' };
    expectScopeMissing(await t.http.post(`/api/v1/prompts/${input.name}/versions`).set(keys.deploy).send(version));
    const created = await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(keys.write)
      .send(version)
      .expect(201);
    expect(created.body).toMatchObject({ version: 2, createdBy: null });

    expectScopeMissing(await t.http.post(`/api/v1/prompts/${input.name}/versions/2/publish`).set(keys.read));
    await t.http.post(`/api/v1/prompts/${input.name}/versions/2/publish`).set(keys.write).expect(200);

    const audit = await t.http.get(`/api/v1/audit?targetType=prompt&targetId=${input.name}`).set(t.auth).expect(200);
    expect(audit.body.items.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['version.publish', 'api-key:ci-write'],
      ['version.create', 'api-key:ci-write'],
      ['version.create', 'api-key:ci-write'],
      ['prompt.create', 'api-key:ci-write'],
    ]);
    expect(audit.body.items[0].summary.apiKey).toMatchObject({ name: 'ci-write' });
  });

  it('deploys and rolls back with scope deploy only, recorded under the key', async () => {
    const deploy = () => t.http.put(`/api/v1/prompts/${prompt}/deployments/staging`).send({ version: 2 });
    expectScopeMissing(await deploy().set(keys.write));
    expectScopeMissing(await deploy().set(keys.read));
    await t.http.put(`/api/v1/prompts/${prompt}/deployments/staging`).set(keys.deploy).send({ version: 1 }).expect(200);
    const moved = await deploy().set(keys.deploy).expect(200);
    expect(moved.body).toMatchObject({ version: 2, previousVersion: 1 });

    const rollback = () => t.http.post(`/api/v1/prompts/${prompt}/deployments/staging/rollback`).send({});
    expectScopeMissing(await rollback().set(keys.write));
    const back = await rollback().set(keys.deploy).expect(200);
    expect(back.body.version).toBe(1);

    const history = await t.http.get(`/api/v1/prompts/${prompt}/deployments/staging/history`).set(t.auth).expect(200);
    expect(history.body.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([
      ['rollback', 'api-key:ci-deploy'],
      ['deploy', 'api-key:ci-deploy'],
      ['deploy', 'api-key:ci-deploy'],
    ]);
  });

  it('lets a key bound to an environment deploy and roll back there only', async () => {
    await t.http.put(`/api/v1/prompts/${prompt}/deployments/dev`).set(keys.devOnly).send({ version: 2 }).expect(200);
    await t.http.post(`/api/v1/prompts/${prompt}/deployments/dev/rollback`).set(keys.devOnly).send({}).expect(200);
    const elsewhere = await t.http
      .put(`/api/v1/prompts/${prompt}/deployments/staging`)
      .set(keys.devOnly)
      .send({ version: 2 })
      .expect(403);
    expect(elsewhere.headers['content-type']).toContain('application/problem+json');
    expect(elsewhere.body).toMatchObject({ code: 'API_KEY_ENVIRONMENT_MISMATCH' });
    expect(elsewhere.body.detail).toContain('"dev"');
    await t.http.post(`/api/v1/prompts/${prompt}/deployments/staging/rollback`).set(keys.devOnly).send({}).expect(403);
    const staging = await t.http.get(`/api/v1/prompts/${prompt}/deployments/staging`).set(t.auth).expect(200);
    expect(staging.body.version).toBe(1);
  });

  it('tells a key what it is and may do (promptops whoami), whatever its scopes, and never its secret', async () => {
    const devDeploy = await createKey('whoami-dev', ['deploy'], 'dev');
    const res = await t.http.get('/api/v1/api-keys/current').set(devDeploy).expect(200);
    expect(res.body).toMatchObject({ name: 'whoami-dev', scopes: ['deploy'], environment: 'dev' });
    expect(Object.values(devDeploy)[0].startsWith(res.body.prefix)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(Object.values(devDeploy)[0]);
    const session = await t.http.get('/api/v1/api-keys/current').set(t.auth).expect(400);
    expect(session.body.code).toBe('NOT_AN_API_KEY');
    await t.http.get('/api/v1/api-keys/current').set({ 'X-API-Key': 'po_nope' }).expect(401);
  });

  it('still refuses API keys on routes that take console sessions only', async () => {
    const res = await t.http.post(`/api/v1/prompts/${prompt}/disable`).set(keys.write).expect(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });
});
