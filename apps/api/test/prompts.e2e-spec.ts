import { promptInput } from './factories/prompt.factory';
import { onMysql, startApp, TestApp } from './harness';

describe('prompt registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const create = (overrides: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/prompts').set(t.auth).send(promptInput(overrides));

  it('creates a prompt with version 1 as a draft that is the latest', async () => {
    const input = promptInput();
    const res = await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    expect(res.body).toMatchObject({
      name: input.name,
      displayName: input.displayName,
      folder: 'tests',
      tags: ['test'],
      enabled: true,
      latestVersion: 1,
      latestStatus: 'draft',
      createdBy: 'admin@example.com',
    });
    expect(res.body.latest).toMatchObject({
      version: 1,
      status: 'draft',
      isLatest: true,
      template: input.template,
      variablesMeta: input.variablesMeta,
      modelConfig: input.modelConfig,
      comment: 'first',
    });
    const got = await t.http.get(`/api/v1/prompts/${input.name}`).set(t.auth).expect(200);
    expect(got.body).toEqual(res.body);
  });

  it('refuses a second prompt with the same name with 409', async () => {
    const input = promptInput();
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const res = await t.http
      .post('/api/v1/prompts')
      .set(t.auth)
      .send({ ...input, displayName: 'Again' })
      .expect(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 409, code: 'PROMPT_ALREADY_EXISTS' });
    expect(res.body.detail).toContain(input.name);
  });

  it('rejects names that are not URL-safe and says which rule they break', async () => {
    for (const name of ['Has Spaces', 'UPPER', '-leading-dash', 'a/b', '', 'x'.repeat(101), '中文']) {
      const res = await create({ name });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
    }
  });

  it('names the failed check of each field error, so the console can say it in the user’s language', async () => {
    const res = await t.http
      .post('/api/v1/prompts')
      .set(t.auth)
      .send({ name: 'Not Valid', displayName: '', template: 'x', surprise: true })
      .expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', code: 'matches' }),
        expect.objectContaining({ field: 'displayName', code: 'minLength' }),
        expect.objectContaining({ field: 'surprise', code: 'whitelistValidation' }),
      ]),
    );
    const missing = await t.http.post('/api/v1/prompts').set(t.auth).send({ template: 'x' }).expect(400);
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'name', code: 'isDefined' })]),
    );
  });

  it('names every invalid field and refuses unknown ones', async () => {
    const res = await t.http
      .post('/api/v1/prompts')
      .set(t.auth)
      .send({
        name: 'valid-name',
        displayName: '',
        template: 42,
        tags: 'not-a-list',
        variablesMeta: [{ name: '1bad', type: 'banana' }],
        modelConfig: { temperature: 7 },
        surprise: true,
      })
      .expect(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'displayName',
        'template',
        'tags',
        'variablesMeta.0.name',
        'variablesMeta.0.type',
        'modelConfig.temperature',
        'surprise',
      ]),
    );
  });

  it('refuses a template that does not parse, naming line and column', async () => {
    const res = await create({ template: 'Hello\n{% if user %}\nno end' }).expect(400);
    expect(res.body.code).toBe('TEMPLATE_SYNTAX_ERROR');
    expect(res.body.line).toEqual(expect.any(Number));
    expect(res.body.column).toEqual(expect.any(Number));
  });

  it('refuses a default that does not fit its declared type', async () => {
    const res = await create({ variablesMeta: [{ name: 'topic', type: 'int', default: 'many' }] }).expect(400);
    expect(res.body.errors[0].field).toBe('variablesMeta.0.default');
  });

  it('lists prompts with search, folder filter and paging', async () => {
    const tag = `s${Date.now().toString(36)}`;
    for (let i = 0; i < 5; i++) {
      await create({ name: `${tag}-alpha-${i}`, displayName: `Alpha ${i}`, folder: tag }).expect(201);
    }
    await create({ name: `${tag}-beta`, displayName: 'Something ALPHA-ish', folder: tag }).expect(201);
    await create({ name: `${tag}-gamma`, displayName: 'Gamma', folder: tag }).expect(201);

    const all = await t.http.get('/api/v1/prompts').query({ folder: tag, pageSize: 100 }).set(t.auth).expect(200);
    expect(all.body.total).toBe(7);

    const search = await t.http.get('/api/v1/prompts').query({ search: 'alpha', folder: tag }).set(t.auth).expect(200);
    expect(search.body.total).toBe(6);
    expect(search.body.items.every((p: { latestVersion: number }) => p.latestVersion === 1)).toBe(true);

    const page1 = await t.http
      .get('/api/v1/prompts')
      .query({ folder: tag, page: 1, pageSize: 3 })
      .set(t.auth)
      .expect(200);
    const page3 = await t.http
      .get('/api/v1/prompts')
      .query({ folder: tag, page: 3, pageSize: 3 })
      .set(t.auth)
      .expect(200);
    expect(page1.body).toMatchObject({ total: 7, page: 1, pageSize: 3 });
    expect(page1.body.items).toHaveLength(3);
    expect(page3.body.items).toHaveLength(1);
    // Most recently changed first.
    expect(page1.body.items[0].name).toBe(`${tag}-gamma`);

    const bad = await t.http.get('/api/v1/prompts').query({ pageSize: 1000, page: 0 }).set(t.auth).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page', 'pageSize']);
  });

  it('treats % and _ in a search literally', async () => {
    await create({ name: 'percent-literal', displayName: '100% literal' }).expect(201);
    const res = await t.http.get('/api/v1/prompts').query({ search: '100%' }).set(t.auth).expect(200);
    expect(res.body.items.map((p: { name: string }) => p.name)).toEqual(['percent-literal']);
  });

  it('updates metadata without touching versions, and audits the change', async () => {
    const input = promptInput();
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const res = await t.http
      .patch(`/api/v1/prompts/${input.name}`)
      .set(t.auth)
      .send({ displayName: 'Renamed', tags: ['a', 'b', 'a'], folder: '' })
      .expect(200);
    expect(res.body).toMatchObject({ displayName: 'Renamed', tags: ['a', 'b'], folder: null, latestVersion: 1 });
    const rows = await t.dataSource.query('SELECT action, summary FROM audit_log WHERE target_id = ? ORDER BY id', [
      input.name,
    ]);
    expect(rows.map((r: { action: string }) => r.action)).toEqual(['prompt.create', 'version.create', 'prompt.update']);
    expect(JSON.parse(rows[2].summary)).toMatchObject({
      before: { displayName: input.displayName },
      after: { displayName: 'Renamed' },
    });
  });

  it('cannot rename a prompt: its name is the alias callers use', async () => {
    const input = promptInput();
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const res = await t.http.patch(`/api/v1/prompts/${input.name}`).set(t.auth).send({ name: 'other' }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'name' });
  });

  it('disables and re-enables a prompt, keeping its history', async () => {
    const input = promptInput();
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const disabled = await t.http.post(`/api/v1/prompts/${input.name}/disable`).set(t.auth).expect(200);
    expect(disabled.body.enabled).toBe(false);

    const listed = await t.http
      .get('/api/v1/prompts')
      .query({ enabled: false, search: input.name })
      .set(t.auth)
      .expect(200);
    expect(listed.body.items.map((p: { name: string }) => p.name)).toEqual([input.name]);

    const refused = await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(t.auth)
      .send({ template: 'new' })
      .expect(409);
    expect(refused.body.code).toBe('PROMPT_DISABLED');

    const enabled = await t.http.post(`/api/v1/prompts/${input.name}/enable`).set(t.auth).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, latestVersion: 1 });
  });

  it('answers 404 for an unknown prompt', async () => {
    const res = await t.http.get('/api/v1/prompts/does-not-exist').set(t.auth).expect(404);
    expect(res.body).toMatchObject({ code: 'PROMPT_NOT_FOUND', detail: 'Prompt "does-not-exist" does not exist' });
  });

  it('keeps Chinese and emoji intact through a round trip', async () => {
    const text = '请用中文总结：{{ topic }} 🚀✨👩‍💻 — ünïcödé';
    const input = promptInput({
      displayName: '中文提示词 🎉',
      description: '描述：支持表情符号 😀',
      tags: ['中文', '🏷️'],
      template: text,
    });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const got = await t.http.get(`/api/v1/prompts/${input.name}`).set(t.auth).expect(200);
    expect(got.body.displayName).toBe('中文提示词 🎉');
    expect(got.body.description).toBe('描述：支持表情符号 😀');
    expect(got.body.tags).toEqual(['中文', '🏷️']);
    expect(got.body.latest.template).toBe(text);
    if (onMysql) {
      const [table] = await t.dataSource.query(
        "SELECT TABLE_COLLATION AS c FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'prompt_versions'",
      );
      expect(table.c).toMatch(/^utf8mb4/);
    }
    const search = await t.http.get('/api/v1/prompts').query({ search: '中文提示' }).set(t.auth).expect(200);
    expect(search.body.items.map((p: { name: string }) => p.name)).toContain(input.name);
  });
});
