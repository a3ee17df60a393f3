import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';

describe('prompt versions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  async function newPrompt(overrides: Record<string, unknown> = {}): Promise<string> {
    const input = promptInput(overrides);
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    return input.name;
  }
  const versionsOf = (name: string) => `/api/v1/prompts/${name}/versions`;

  it('creates a second version and keeps the first intact', async () => {
    const name = await newPrompt({ template: 'v1 {{ topic }}' });
    const v2 = await t.http
      .post(versionsOf(name))
      .set(t.auth)
      .send({ template: 'v2 {{ topic }} {{ tone }}', comment: 'add tone', modelConfig: { model: 'gpt-4o' } })
      .expect(201);
    expect(v2.body).toMatchObject({ prompt: name, version: 2, status: 'draft', isLatest: true, comment: 'add tone' });

    const v1 = await t.http
      .get(`${versionsOf(name)}/1`)
      .set(t.auth)
      .expect(200);
    expect(v1.body).toMatchObject({ version: 1, template: 'v1 {{ topic }}', isLatest: false, comment: 'first' });

    const list = await t.http.get(versionsOf(name)).set(t.auth).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((v: { version: number; isLatest: boolean }) => [v.version, v.isLatest])).toEqual([
      [2, true],
      [1, false],
    ]);
    const prompt = await t.http.get(`/api/v1/prompts/${name}`).set(t.auth).expect(200);
    expect(prompt.body.latestVersion).toBe(2);
  });

  it('carries declarations and model settings over to a new version that leaves them out', async () => {
    const name = await newPrompt({
      template: 'About {{ topic }}',
      variablesMeta: [{ name: 'topic', type: 'string', default: 'tea' }],
      modelConfig: { model: 'gpt-4o', temperature: 0.1 },
    });
    const v2 = await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'All about {{ topic }}' }).expect(201);
    expect(v2.body.variablesMeta).toEqual([{ name: 'topic', type: 'string', default: 'tea' }]);
    expect(v2.body.modelConfig).toEqual({ model: 'gpt-4o', temperature: 0.1 });
    const rendered = await t.http.post(`/api/v1/prompts/${name}/render`).set(t.auth).send({}).expect(200);
    expect(rendered.body.text).toBe('All about tea');
    // An explicit empty list clears them.
    const v3 = await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'x', variablesMeta: [] }).expect(201);
    expect(v3.body.variablesMeta).toEqual([]);
  });

  it('gives 20 concurrent saves 20 distinct consecutive numbers and exactly one latest', async () => {
    const name = await newPrompt();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post(versionsOf(name))
          .set(t.auth)
          .send({ template: `concurrent ${i} {{ topic }}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const numbers = results.map((r) => r.body.version as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));

    const list = await t.http.get(versionsOf(name)).set(t.auth).expect(200);
    expect(list.body.total).toBe(21);
    const latest = list.body.items.filter((v: { isLatest: boolean }) => v.isLatest);
    expect(latest).toHaveLength(1);
    expect(latest[0].version).toBe(21);
    // Each version kept the content it was saved with.
    for (const r of results) {
      const got = await t.http
        .get(`${versionsOf(name)}/${r.body.version}`)
        .set(t.auth)
        .expect(200);
      expect(got.body.template).toBe(r.body.template);
    }
  });

  it('publishes and archives versions, refusing transitions that make no sense', async () => {
    const name = await newPrompt();
    const published = await t.http
      .post(`${versionsOf(name)}/1/publish`)
      .set(t.auth)
      .expect(200);
    expect(published.body.status).toBe('published');

    const again = await t.http
      .post(`${versionsOf(name)}/1/publish`)
      .set(t.auth)
      .expect(409);
    expect(again.body).toMatchObject({ code: 'VERSION_STATUS_CONFLICT' });
    expect(again.body.detail).toBe(`Version 1 of "${name}" is published and cannot become published`);

    await t.http
      .post(`${versionsOf(name)}/1/archive`)
      .set(t.auth)
      .expect(200);
    await t.http
      .post(`${versionsOf(name)}/1/archive`)
      .set(t.auth)
      .expect(409);
    const restored = await t.http
      .post(`${versionsOf(name)}/1/publish`)
      .set(t.auth)
      .expect(200);
    expect(restored.body.status).toBe('published');

    const actions = await t.dataSource.query(
      "SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'version.%' ORDER BY id",
      [name],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'version.create',
      'version.publish',
      'version.archive',
      'version.publish',
    ]);
  });

  it('can save a version as published directly', async () => {
    const name = await newPrompt();
    const res = await t.http
      .post(versionsOf(name))
      .set(t.auth)
      .send({ template: 'ready', status: 'published' })
      .expect(201);
    expect(res.body.status).toBe('published');
    await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'x', status: 'archived' }).expect(400);
  });

  it('clones an old version into a new draft that records its origin', async () => {
    const name = await newPrompt({
      template: 'original {{ topic }}',
      variablesMeta: [{ name: 'topic', type: 'string', default: 'tea' }],
    });
    await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'changed' }).expect(201);
    await t.http
      .post(`${versionsOf(name)}/1/publish`)
      .set(t.auth)
      .expect(200);
    const clone = await t.http
      .post(`${versionsOf(name)}/1/clone`)
      .set(t.auth)
      .send({})
      .expect(201);
    expect(clone.body).toMatchObject({
      version: 3,
      status: 'draft',
      isLatest: true,
      template: 'original {{ topic }}',
      variablesMeta: [{ name: 'topic', type: 'string', default: 'tea' }],
      clonedFromVersion: 1,
      comment: 'Cloned from version 1',
    });
  });

  it('makes an older version the latest again (rollback) without a new number', async () => {
    const name = await newPrompt({ template: 'one', variablesMeta: [] });
    await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'two' }).expect(201);
    const res = await t.http
      .post(`${versionsOf(name)}/1/make-latest`)
      .set(t.auth)
      .expect(200);
    expect(res.body).toMatchObject({ version: 1, isLatest: true });
    const list = await t.http.get(versionsOf(name)).set(t.auth).expect(200);
    expect(list.body.items.map((v: { version: number; isLatest: boolean }) => [v.version, v.isLatest])).toEqual([
      [2, false],
      [1, true],
    ]);
    const rendered = await t.http.post(`/api/v1/prompts/${name}/render`).set(t.auth).send({}).expect(200);
    expect(rendered.body).toMatchObject({ text: 'one', version: 1 });
    // A new save still takes the next free number.
    const v3 = await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'three' }).expect(201);
    expect(v3.body.version).toBe(3);
  });

  it('diffs two versions: template lines, variables and model settings', async () => {
    const name = await newPrompt({
      template: 'Hello {{ name }}.\nWrite about {{ topic }}.\nBye.',
      variablesMeta: [
        { name: 'name', type: 'string' },
        { name: 'topic', type: 'string' },
      ],
      modelConfig: { model: 'gpt-4o-mini', temperature: 0.5 },
    });
    await t.http
      .post(versionsOf(name))
      .set(t.auth)
      .send({
        template: 'Hello {{ name }}.\nWrite a haiku about {{ topic }} in {{ tone }}.\nBye.',
        variablesMeta: [
          { name: 'name', type: 'string' },
          { name: 'topic', type: 'text' },
          { name: 'tone', type: 'choice', choices: ['calm', 'wild'] },
        ],
        modelConfig: { model: 'gpt-4o', temperature: 0.5, maxTokens: 200 },
      })
      .expect(201);
    const res = await t.http.get(`/api/v1/prompts/${name}/diff`).query({ from: 1, to: 2 }).set(t.auth).expect(200);
    expect(res.body.template.lines).toEqual([
      { type: 'context', text: 'Hello {{ name }}.', oldLine: 1, newLine: 1 },
      { type: 'removed', text: 'Write about {{ topic }}.', oldLine: 2 },
      { type: 'added', text: 'Write a haiku about {{ topic }} in {{ tone }}.', newLine: 2 },
      { type: 'context', text: 'Bye.', oldLine: 3, newLine: 3 },
    ]);
    expect(res.body.template).toMatchObject({ added: 1, removed: 1 });
    expect(res.body.template.unified).toContain('-Write about {{ topic }}.');
    expect(res.body.variables).toEqual([
      { name: 'tone', to: { name: 'tone', type: 'choice', choices: ['calm', 'wild'] }, change: 'added' },
      {
        name: 'topic',
        from: { name: 'topic', type: 'string' },
        to: { name: 'topic', type: 'text' },
        change: 'changed',
      },
    ]);
    expect(res.body.modelConfig).toEqual([
      { name: 'maxTokens', to: 200, change: 'added' },
      { name: 'model', from: 'gpt-4o-mini', to: 'gpt-4o', change: 'changed' },
    ]);
  });

  it('counts one line added at the end as one added line, whatever the trailing newline', async () => {
    const name = await newPrompt({ template: 'Hello {{ topic }}.\nBye.' });
    await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'Hello {{ topic }}.\nBye.\nP.S.' }).expect(201);
    const res = await t.http.get(`/api/v1/prompts/${name}/diff`).query({ from: 1, to: 2 }).set(t.auth).expect(200);
    expect(res.body.template).toMatchObject({ added: 1, removed: 0 });
    expect(res.body.template.lines).toEqual([
      { type: 'context', text: 'Hello {{ topic }}.', oldLine: 1, newLine: 1 },
      { type: 'context', text: 'Bye.', oldLine: 2, newLine: 2 },
      { type: 'added', text: 'P.S.', newLine: 3 },
    ]);
    await t.http.post(versionsOf(name)).set(t.auth).send({ template: 'Hello {{ topic }}.\nBye.\nP.S.\n' }).expect(201);
    const newline = await t.http.get(`/api/v1/prompts/${name}/diff`).query({ from: 2, to: 3 }).set(t.auth).expect(200);
    expect(newline.body.template).toMatchObject({ added: 0, removed: 0 });
  });

  describe('model settings', () => {
    let provider: string;
    beforeAll(async () => {
      provider = (
        await t.http
          .post('/api/v1/providers')
          .set(t.auth)
          .send(providerInput('http://127.0.0.1:9', { models: [{ id: 'small' }, { id: 'large' }] }))
          .expect(201)
      ).body.name;
    });

    it('refuses to save a version that names a provider that does not exist, naming the field', async () => {
      const name = await newPrompt();
      const res = await t.http
        .post(versionsOf(name))
        .set(t.auth)
        .send({ template: 'x {{ topic }}', modelConfig: { provider: 'opnai', model: 'gpt-4o' } })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(res.body.errors).toEqual([
        {
          field: 'modelConfig.provider',
          message: 'no provider named "opnai"; add it under Providers first, or choose one of the existing providers',
        },
      ]);
      const created = await t.http
        .post('/api/v1/prompts')
        .set(t.auth)
        .send(promptInput({ modelConfig: { provider: 'opnai', model: 'gpt-4o' } }))
        .expect(400);
      expect(created.body.errors[0].field).toBe('modelConfig.provider');
      const versions = await t.http.get(versionsOf(name)).set(t.auth).expect(200);
      expect(versions.body.total).toBe(1);
    });

    it('says whether a version can run: no model, a model the provider does not offer, a runnable one', async () => {
      const name = await newPrompt({ modelConfig: {} });
      const v1 = await t.http
        .get(`${versionsOf(name)}/1`)
        .set(t.auth)
        .expect(200);
      expect(v1.body).toMatchObject({ runnable: false, runIssues: [{ code: 'NO_MODEL' }] });
      expect(v1.body.runIssues[0].message).toContain('set modelConfig.provider and modelConfig.model');

      const v2 = await t.http
        .post(versionsOf(name))
        .set(t.auth)
        .send({ template: 'x {{ topic }}', modelConfig: { provider, model: 'huge' } })
        .expect(201);
      expect(v2.body).toMatchObject({
        runnable: false,
        runIssues: [
          {
            code: 'MODEL_NOT_OFFERED',
            message: `Provider "${provider}" does not offer model "huge"; choose one of small, large or add it to the provider`,
          },
        ],
      });
      const v3 = await t.http
        .post(versionsOf(name))
        .set(t.auth)
        .send({ template: 'x {{ topic }}', modelConfig: { provider, model: 'small' } })
        .expect(201);
      expect(v3.body).toMatchObject({ runnable: true, runIssues: [] });
      const detail = await t.http.get(`/api/v1/prompts/${name}`).set(t.auth).expect(200);
      expect(detail.body.latest).toMatchObject({ version: 3, runnable: true, runIssues: [] });
      // The list says the same of each version, so the console can flag them before a deploy.
      const list = await t.http.get(versionsOf(name)).set(t.auth).expect(200);
      expect(
        list.body.items.map((v: { version: number; runnable: boolean; runIssues: { code: string }[] }) => [
          v.version,
          v.runnable,
          v.runIssues.map((issue) => issue.code),
        ]),
      ).toEqual([
        [3, true, []],
        [2, false, ['MODEL_NOT_OFFERED']],
        [1, false, ['NO_MODEL']],
      ]);
    });

    it('saves a version on a disabled provider but reports it, and deploys a version without a model with a warning', async () => {
      const disabled = (
        await t.http
          .post('/api/v1/providers')
          .set(t.auth)
          .send(providerInput('http://127.0.0.1:9', { enabled: false }))
          .expect(201)
      ).body.name;
      const name = await newPrompt({ modelConfig: { provider: disabled, model: 'any' }, status: 'published' });
      const v1 = await t.http
        .get(`${versionsOf(name)}/1`)
        .set(t.auth)
        .expect(200);
      expect(v1.body).toMatchObject({
        runnable: false,
        runIssues: [
          {
            code: 'PROVIDER_DISABLED',
            message: `Provider "${disabled}" is disabled; enable it under Providers to run this version`,
          },
        ],
      });
      const deployed = await t.http
        .put(`/api/v1/prompts/${name}/deployments/prod`)
        .set(t.auth)
        .send({ version: 1 })
        .expect(200);
      expect(deployed.body).toMatchObject({ version: 1, runnable: false, runIssues: [{ code: 'PROVIDER_DISABLED' }] });

      await t.http
        .post(versionsOf(name))
        .set(t.auth)
        .send({ template: 'x {{ topic }}', modelConfig: {}, status: 'published' })
        .expect(201);
      const noModel = await t.http
        .put(`/api/v1/prompts/${name}/deployments/prod`)
        .set(t.auth)
        .send({ version: 2 })
        .expect(200);
      expect(noModel.body).toMatchObject({ version: 2, runnable: false, runIssues: [{ code: 'NO_MODEL' }] });
      const back = await t.http
        .post(`/api/v1/prompts/${name}/deployments/prod/rollback`)
        .set(t.auth)
        .send({})
        .expect(200);
      expect(back.body).toMatchObject({ version: 1, runIssues: [{ code: 'PROVIDER_DISABLED' }] });
    });
  });

  it('answers clear errors for unknown or malformed versions', async () => {
    const name = await newPrompt();
    const missing = await t.http
      .get(`${versionsOf(name)}/9`)
      .set(t.auth)
      .expect(404);
    expect(missing.body).toMatchObject({ code: 'VERSION_NOT_FOUND', detail: `Prompt "${name}" has no version 9` });
    const malformed = await t.http
      .get(`${versionsOf(name)}/abc`)
      .set(t.auth)
      .expect(400);
    expect(malformed.body.errors[0]).toMatchObject({ field: 'version' });
    await t.http
      .post(`${versionsOf(name)}/0/publish`)
      .set(t.auth)
      .expect(400);
    await t.http.get(`/api/v1/prompts/${name}/diff`).query({ from: 1 }).set(t.auth).expect(400);
    await t.http.get(`/api/v1/prompts/${name}/diff`).query({ from: 1, to: 5 }).set(t.auth).expect(404);
    await t.http.get(`/api/v1/prompts/nope/versions`).set(t.auth).expect(404);
  });

  it('leaves nothing half-written when a save fails', async () => {
    const name = await newPrompt();
    await t.http.post(versionsOf(name)).set(t.auth).send({ template: '{% for x in %}' }).expect(400);
    const list = await t.http.get(versionsOf(name)).set(t.auth).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].isLatest).toBe(true);
  });
});
