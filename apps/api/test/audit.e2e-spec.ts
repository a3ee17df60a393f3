import { promptInput } from './factories/prompt.factory';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from './harness';

describe('the audit log: changes first, sign-ins on request, grouped by target', () => {
  let t: TestApp;
  let first: string;
  let second: string;

  beforeAll(async () => {
    t = await startApp();
    // A busy morning: the admin signs in again and again between changes.
    const signIn = () =>
      t.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }).expect(200);
    const create = async () => {
      const input = promptInput({ status: 'published' });
      await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
      return input.name;
    };
    await signIn();
    first = await create();
    await signIn();
    second = await create();
    await t.http.post(`/api/v1/prompts/${first}/versions`).set(t.auth).send({ template: 'v2 {{ topic }}' }).expect(201);
    await t.http.put(`/api/v1/prompts/${first}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    await signIn();
  });
  afterAll(() => t.close());

  const audit = (path: string, query: Record<string, unknown> = {}) =>
    t.http.get(`/api/v1/audit${path}`).query(query).set(t.auth).expect(200);

  it('leaves successful sign-ins out unless asked for, and keeps failed ones', async () => {
    await t.http.post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: 'wrong-password-1' }).expect(401);
    const changes = await audit('');
    const actions = changes.body.items.map((e: { action: string }) => e.action);
    expect(actions).not.toContain('auth.login');
    expect(actions).toContain('auth.login_failed');
    expect(actions).toContain('version.create');

    const all = await audit('', { includeSignIns: true });
    expect(all.body.total - changes.body.total).toBe(4);
    const asked = await audit('', { action: 'auth.login' });
    expect(asked.body.total).toBe(4);
    await t.http.get('/api/v1/audit').query({ includeSignIns: 'maybe' }).set(t.auth).expect(400);
  });

  it('groups entries by target, most recently changed first, with counts and the newest entry', async () => {
    const res = await audit('/targets', { targetType: 'prompt' });
    expect(res.body.total).toBe(2);
    expect(res.body.items).toEqual([
      {
        targetType: 'prompt',
        targetId: first,
        entries: 3,
        last: expect.objectContaining({ action: 'version.create', targetId: first, actor: ADMIN_EMAIL }),
      },
      {
        targetType: 'prompt',
        targetId: second,
        entries: 2,
        last: expect.objectContaining({ action: 'version.create', targetId: second }),
      },
    ]);
    const everything = await audit('/targets', { pageSize: 100 });
    const lastIds = everything.body.items.map((g: { last: { id: number } }) => g.last.id);
    expect(lastIds).toEqual([...lastIds].sort((a, b) => b - a));
    expect(everything.body.total).toBe(everything.body.items.length);
    expect(everything.body.items).toContainEqual(
      expect.objectContaining({ targetType: 'deployment', targetId: `${first}@prod`, entries: 1 }),
    );
    const onePage = await audit('/targets', { pageSize: 1, page: 2 });
    expect(onePage.body.items).toEqual([everything.body.items[1]]);
  });

  it('shows the targets only to those who may read the whole log', async () => {
    const email = `viewer-${Math.random().toString(36).slice(2, 8)}@example.com`;
    await t.http
      .post('/api/v1/users')
      .set(t.auth)
      .send({ email, name: 'viewer', role: 'viewer', password: 'member-password-1' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'member-password-1' }).expect(200);
    await t.http
      .get('/api/v1/audit/targets')
      .set({ Authorization: `Bearer ${login.body.accessToken}` })
      .expect(403);
  });
});
