import type { ImportReport, TransferBundle } from '@promptops/shared';
import { datasetInput } from './factories/dataset.factory';
import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

interface Member {
  email: string;
  auth: { Authorization: string };
}

/** Creates a user with a role and signs them in. */
async function member(t: TestApp, role: string): Promise<Member> {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await t.http
    .post('/api/v1/users')
    .set(t.auth)
    .send({ email, name: role, role, password: 'member-password-1' })
    .expect(201);
  const login = await t.http.post('/api/v1/auth/login').send({ email, password: 'member-password-1' }).expect(200);
  return { email, auth: { Authorization: `Bearer ${login.body.accessToken}` } };
}

async function apiKey(t: TestApp, scopes: string[], environment?: string): Promise<{ 'X-API-Key': string }> {
  const res = await t.http
    .post('/api/v1/api-keys')
    .set(t.auth)
    .send({
      name: `key-${scopes.join('-')}`,
      scopes,
      rateLimitPerMinute: 1000,
      ...(environment ? { environment } : {}),
    })
    .expect(201);
  return { 'X-API-Key': res.body.key };
}

/** Rows of the tables an import writes, to show that a refused or dry-run import wrote nothing. */
async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'prompts',
    'prompt_versions',
    'deployments',
    'deployment_history',
    'environments',
    'providers',
    'datasets',
    'dataset_versions',
    'dataset_items',
    'audit_log',
  ]) {
    const [row] = (await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`)) as { n: number | string }[];
    counts[table] = Number(row.n);
  }
  return counts;
}

const exportAll = async (t: TestApp, query = ''): Promise<TransferBundle> =>
  (await t.http.get(`/api/v1/transfer/export${query}`).set(t.auth).expect(200)).body;

const importBundle = (t: TestApp, body: Record<string, unknown>, auth: Record<string, string> = t.auth) =>
  t.http.post('/api/v1/transfer/import').set(auth).send(body);

/** What a round trip must keep: each prompt's versions (number, status, hash) and deployments. */
function content(bundle: TransferBundle, names: string[]) {
  return bundle.prompts
    .filter((p) => names.includes(p.name))
    .map((p) => ({
      name: p.name,
      type: p.type,
      displayName: p.displayName,
      folder: p.folder,
      tags: p.tags,
      versions: p.versions.map((v) => ({ version: v.version, status: v.status, kind: v.kind, hash: v.hash })),
      deployments: [...(p.deployments ?? [])].sort((a, b) => a.environment.localeCompare(b.environment)),
    }));
}

describe('transfer: export and import', () => {
  let source: TestApp;
  let target: TestApp;
  let text: string;
  let chat: string;
  let flow: string;
  let dataset: string;
  let bundle: TransferBundle;
  let providerKey: string;

  beforeAll(async () => {
    [source, target] = await Promise.all([startApp(), startApp()]);
    providerKey = 'sk-secret-never-exported-1234';
    await source.http
      .post('/api/v1/providers')
      .set(source.auth)
      .send({ name: 'claude', kind: 'anthropic', apiKey: providerKey, models: [{ id: 'claude-3-5-haiku-20241022' }] })
      .expect(201);
    await source.http
      .post('/api/v1/environments')
      .set(source.auth)
      .send({ name: 'tenant-acme', description: '客户 A', isProtected: false })
      .expect(201);

    const textInput = promptInput({
      template: '你好 {{ name }} 👋 — write about {{ topic }}.',
      variablesMeta: [
        { name: 'name', type: 'string', required: true },
        { name: 'topic', type: 'string', default: '春天' },
      ],
      tags: ['中文', 'emoji 🎉'],
      status: 'published',
    });
    text = textInput.name;
    await source.http.post('/api/v1/prompts').set(source.auth).send(textInput).expect(201);
    await source.http
      .post(`/api/v1/prompts/${text}/versions`)
      .set(source.auth)
      .send({ template: '第二版 {{ name }} 🚀', status: 'published', comment: 'v2 ✨' })
      .expect(201);
    // A clone has the same content as the version it copies: both must survive the trip.
    await source.http.post(`/api/v1/prompts/${text}/versions/1/clone`).set(source.auth).send({}).expect(201);
    await source.http.post(`/api/v1/prompts/${text}/versions/1/archive`).set(source.auth).expect(200);
    await source.http.put(`/api/v1/prompts/${text}/deployments/prod`).set(source.auth).send({ version: 2 }).expect(200);
    await source.http
      .put(`/api/v1/prompts/${text}/deployments/tenant-acme`)
      .set(source.auth)
      .send({ version: 3 })
      .expect(200);

    const chatInput = promptInput({
      kind: 'chat',
      template: undefined,
      messages: [
        { role: 'system', template: 'Antworte auf Deutsch. 日本語も OK 🙂' },
        { role: 'user', template: '{{ question }}' },
      ],
      variablesMeta: [{ name: 'question', type: 'string', required: true }],
      modelConfig: { provider: 'claude', model: 'claude-3-5-haiku-20241022', temperature: 0.2 },
    });
    chat = chatInput.name;
    await source.http.post('/api/v1/prompts').set(source.auth).send(chatInput).expect(201);
    await source.http.put(`/api/v1/prompts/${chat}/deployments/dev`).set(source.auth).send({ version: 1 }).expect(200);

    flow = `flow-${chat}`;
    await source.http
      .post('/api/v1/flows')
      .set(source.auth)
      .send({
        name: flow,
        displayName: '流程 Flow',
        inputs: [{ name: 'question', type: 'string', required: true }],
        definition: {
          steps: [{ id: 'answer', prompt: { name: chat }, inputs: { question: '{{ inputs.question }}' } }],
          output: '{{ steps.answer.output }}',
        },
      })
      .expect(201);

    const datasetBody = datasetInput({
      items: [
        { input: { question: '退款怎么办？' }, expected: '按退款链接 🔗' },
        { input: { question: 'Invoice?' }, expected: { answer: 'yes' }, metadata: { source: 'sales' } },
      ],
    });
    dataset = datasetBody.name;
    await source.http.post('/api/v1/datasets').set(source.auth).send(datasetBody).expect(201);

    bundle = await exportAll(source);
  });
  afterAll(() => Promise.all([source?.close(), target?.close()]));

  it('exports versions oldest first with content hashes, deployments by environment, and providers without keys', () => {
    const exported = bundle.prompts.find((p) => p.name === text)!;
    expect(exported.versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'archived'],
      [2, 'published'],
      [3, 'draft'],
    ]);
    expect(exported.versions[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(exported.versions[2].hash).toBe(exported.versions[0].hash);
    expect(exported.versions[1].hash).not.toBe(exported.versions[0].hash);
    expect(exported.deployments).toEqual(
      expect.arrayContaining([
        { environment: 'prod', version: 2 },
        { environment: 'tenant-acme', version: 3 },
      ]),
    );
    expect(bundle.prompts.find((p) => p.name === flow)).toMatchObject({ type: 'flow', versions: [{ kind: 'flow' }] });
    expect(bundle.providers).toEqual(
      expect.arrayContaining([
        { name: 'claude', kind: 'anthropic', baseUrl: null, models: [{ id: 'claude-3-5-haiku-20241022' }] },
      ]),
    );
    expect(JSON.stringify(bundle)).not.toContain(providerKey);
    expect(JSON.stringify(bundle)).not.toContain('apiKey');
    expect(bundle.environments).toEqual(
      expect.arrayContaining([{ name: 'tenant-acme', description: '客户 A', isProtected: false }]),
    );
    expect(bundle.datasets?.find((d) => d.name === dataset)?.items).toEqual([
      { input: { question: '退款怎么办？' }, expected: '按退款链接 🔗' },
      { input: { question: 'Invoice?' }, expected: { answer: 'yes' }, metadata: { source: 'sales' } },
    ]);
  });

  it('exports only the named prompts, and only the latest version with latest=true', async () => {
    const only = await exportAll(source, `?prompts=${text}&latest=true`);
    expect(only.prompts.map((p) => p.name)).toEqual([text]);
    expect(only.prompts[0].versions.map((v) => v.version)).toEqual([3]);
    expect(only.environments).toBeUndefined();
    expect(only.providers).toBeUndefined();
    const missing = await source.http
      .get('/api/v1/transfer/export?prompts=no-such-prompt')
      .set(source.auth)
      .expect(404);
    expect(missing.body.code).toBe('PROMPT_NOT_FOUND');
  });

  it('imports into a fresh instance with identical hashes and deployments, keyless providers, and imports again changing nothing', async () => {
    const names = [text, chat, flow];
    const first = await importBundle(target, { bundle, deployments: 'all' }).expect(200);
    const report = first.body as ImportReport;
    expect(report).toMatchObject({ dryRun: false, changed: true });
    expect(report.prompts.find((p) => p.name === text)).toMatchObject({
      action: 'created',
      versions: [
        { sourceVersion: 1, version: 1, action: 'created' },
        { sourceVersion: 2, version: 2, action: 'created' },
        { sourceVersion: 3, version: 3, action: 'created' },
      ],
    });
    expect(report.providers).toEqual(
      expect.arrayContaining([{ name: 'claude', action: 'created', needsApiKey: true }]),
    );
    expect(report.environments).toEqual(expect.arrayContaining([{ name: 'tenant-acme', action: 'created' }]));
    expect(report.datasets).toEqual(expect.arrayContaining([{ name: dataset, action: 'created' }]));

    const again = await exportAll(target);
    expect(content(again, names)).toEqual(content(bundle, names));
    expect(again.datasets?.find((d) => d.name === dataset)).toEqual(bundle.datasets?.find((d) => d.name === dataset));
    const provider = await target.http.get('/api/v1/providers/claude').set(target.auth).expect(200);
    expect(provider.body).toMatchObject({ kind: 'anthropic', apiKeyLast4: null });

    const rendered = await target.http.get(`/api/v1/prompts/${text}/versions/2`).set(target.auth).expect(200);
    expect(rendered.body).toMatchObject({ template: '第二版 {{ name }} 🚀', comment: 'v2 ✨', status: 'published' });

    const before = await rowCounts(target);
    const second = await importBundle(target, { bundle, deployments: 'all' }).expect(200);
    expect(second.body.changed).toBe(false);
    expect(second.body.totals).toMatchObject({
      promptsCreated: 0,
      versionsCreated: 0,
      conflicts: 0,
      deploymentsApplied: 0,
    });
    const actions = (second.body as ImportReport).prompts.flatMap((p) => [
      p.action,
      ...p.versions.map((v) => v.action),
      ...p.deployments.map((d) => d.action),
    ]);
    expect(new Set(actions)).toEqual(new Set(['unchanged']));
    expect(await rowCounts(target)).toEqual(before);
  });

  it('resolves a conflict by creating a new version, never overwriting the one here', async () => {
    const name = promptInput().name;
    const one = { ...promptInput({ name, template: 'Hello {{ topic }}' }), status: 'published' };
    await source.http.post('/api/v1/prompts').set(source.auth).send(one).expect(201);
    const start = await exportAll(source, `?prompts=${name}`);
    await importBundle(target, { bundle: start }).expect(200);
    await source.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(source.auth)
      .send({ template: 'There: {{ topic }}' })
      .expect(201);
    await target.http
      .post(`/api/v1/prompts/${name}/versions`)
      .set(target.auth)
      .send({ template: 'Here: {{ topic }}' })
      .expect(201);

    const diverged = await exportAll(source, `?prompts=${name}`);
    const res = await importBundle(target, { bundle: diverged }).expect(200);
    expect(res.body.prompts[0].versions).toEqual([
      expect.objectContaining({ sourceVersion: 1, version: 1, action: 'unchanged' }),
      expect.objectContaining({
        sourceVersion: 2,
        version: 3,
        action: 'conflict',
        reason: 'v2 here has other content; created as v3',
      }),
    ]);
    expect(res.body.totals.conflicts).toBe(1);
    const kept = await target.http.get(`/api/v1/prompts/${name}/versions/2`).set(target.auth).expect(200);
    expect(kept.body.template).toBe('Here: {{ topic }}');
    const created = await target.http.get(`/api/v1/prompts/${name}/versions/3`).set(target.auth).expect(200);
    expect(created.body.template).toBe('There: {{ topic }}');

    const repeat = await importBundle(target, { bundle: diverged }).expect(200);
    expect(repeat.body.changed).toBe(false);
    expect(repeat.body.prompts[0].versions[1]).toMatchObject({
      version: 3,
      action: 'unchanged',
      reason: 'same content as v3 here',
    });
  });

  it('creates a hand-written version (no number) as the next one, published with publish: true', async () => {
    const name = promptInput().name;
    await source.http.post('/api/v1/prompts').set(source.auth).send(promptInput({ name })).expect(201);
    const pulled = await exportAll(source, `?prompts=${name}`);
    const edited = structuredClone(pulled);
    const { version: _number, hash: _hash, ...latest } = edited.prompts[0].versions[0];
    edited.prompts[0].versions.push({ ...latest, template: 'Edited locally: {{ topic }} ✏️', status: 'draft' });
    const res = await importBundle(source, { bundle: edited, publish: true }).expect(200);
    expect(res.body.prompts[0].versions[1]).toMatchObject({ sourceVersion: null, version: 2, action: 'created' });
    const v2 = await source.http.get(`/api/v1/prompts/${name}/versions/2`).set(source.auth).expect(200);
    expect(v2.body).toMatchObject({ status: 'published', template: 'Edited locally: {{ topic }} ✏️' });
    const again = await importBundle(source, { bundle: edited, publish: true }).expect(200);
    expect(again.body.changed).toBe(false);
  });

  it('exports disabled prompts only when asked, or when named', async () => {
    const input = promptInput();
    await source.http.post('/api/v1/prompts').set(source.auth).send(input).expect(201);
    await source.http.post(`/api/v1/prompts/${input.name}/disable`).set(source.auth).expect(200);
    const names = async (query: string) => (await exportAll(source, query)).prompts.map((p) => p.name);
    expect(await names('?include=')).not.toContain(input.name);
    expect(await names('?includeDisabled=true&include=')).toContain(input.name);
    expect(await names(`?prompts=${input.name}`)).toEqual([input.name]);
  });

  it('gives a dataset with other items here a new version with the bundle items, as a conflict', async () => {
    await target.http
      .post(`/api/v1/datasets/${dataset}/changes`)
      .set(target.auth)
      .send({ add: [{ input: { question: 'Added here' } }] })
      .expect(201);
    const only = { format: 'promptops/v1' as const, prompts: [], datasets: bundle.datasets };
    const res = await importBundle(target, { bundle: only }).expect(200);
    expect(res.body.datasets).toEqual(
      expect.arrayContaining([
        {
          name: dataset,
          action: 'conflict',
          reason: "v2 here has other items; created v3 with the bundle's items",
        },
      ]),
    );
    const versions = await target.http.get(`/api/v1/datasets/${dataset}/versions`).set(target.auth).expect(200);
    expect(versions.body.items.map((v: { version: number; itemCount: number }) => [v.version, v.itemCount])).toEqual([
      [3, 2],
      [2, 3],
      [1, 2],
    ]);
    const again = await importBundle(target, { bundle: only }).expect(200);
    expect(again.body).toMatchObject({
      changed: false,
      datasets: expect.arrayContaining([{ name: dataset, action: 'unchanged' }]),
    });
  });

  it('skips, with the reason, deploys to an unknown environment or that the deployment rules refuse', async () => {
    const prompt = structuredClone(bundle.prompts.find((p) => p.name === text)!);
    prompt.name = promptInput().name;
    prompt.deployments = [
      { environment: 'nowhere', version: 2 },
      { environment: 'prod', version: 3 },
      { environment: 'staging', version: 1 },
      { environment: 'dev', version: 2 },
      { environment: 'dev', version: 9 },
    ];
    const res = await importBundle(target, { bundle: { format: 'promptops/v1', prompts: [prompt] } }).expect(200);
    expect(res.body.prompts[0].deployments).toEqual([
      {
        environment: 'nowhere',
        version: 2,
        action: 'skipped',
        reason: 'environment "nowhere" does not exist here and the bundle does not list it',
      },
      { environment: 'prod', version: 3, action: 'skipped', reason: expect.stringContaining('protected') },
      { environment: 'staging', version: 1, action: 'skipped', reason: expect.stringContaining('archived') },
      { environment: 'dev', version: 2, action: 'created' },
      { environment: 'dev', version: null, action: 'skipped', reason: "v9 is not among the bundle's versions" },
    ]);
    expect(res.body.totals.deploymentsApplied).toBe(1);
    const dev = await target.http.get(`/api/v1/prompts/${prompt.name}/deployments/dev`).set(target.auth).expect(200);
    expect(dev.body.version).toBe(2);
  });

  it('takes an import body above the global body limit, which other routes keep', async () => {
    const big = 'x'.repeat(200_000);
    const prompts = Array.from({ length: 8 }, (_, i) => ({
      name: `big-${i}-${Date.now()}`,
      type: 'prompt',
      displayName: 'Big',
      versions: [{ status: 'draft', kind: 'text', template: `${big} {{ n }}`, variablesMeta: [], modelConfig: {} }],
    }));
    const res = await importBundle(target, { bundle: { format: 'promptops/v1', prompts }, dryRun: true }).expect(200);
    expect(res.body.totals.versionsCreated).toBe(8);
    const elsewhere = await target.http
      .post('/api/v1/prompts')
      .set(target.auth)
      .send(promptInput({ description: 'x'.repeat(1_600_000) }));
    expect(elsewhere.status).toBe(413);
  });

  it('moves the demo instance (prompts, flows, datasets) into an empty one unchanged', async () => {
    const [demo, empty] = await Promise.all([startApp({ DEMO_DATA: 'true' }), startApp()]);
    try {
      const exported = await exportAll(demo);
      expect(exported.prompts.length).toBeGreaterThan(3);
      const res = await importBundle(empty, { bundle: exported, deployments: 'all' }).expect(200);
      expect(res.body.totals.conflicts).toBe(0);
      const names = exported.prompts.map((p) => p.name);
      const again = await exportAll(empty);
      expect(content(again, names)).toEqual(content(exported, names));
      expect(again.datasets).toEqual(exported.datasets);
      const kinds = new Set(exported.prompts.flatMap((p) => p.versions.map((v) => v.kind)));
      expect([...kinds].sort()).toEqual(expect.arrayContaining(['flow', 'text']));
    } finally {
      await Promise.all([demo.close(), empty.close()]);
    }
  });

  it('imports the same bundle twice at once: one creates, the other finds it there', async () => {
    const prompt = structuredClone(bundle.prompts.find((p) => p.name === text)!);
    prompt.name = promptInput().name;
    const racing = { format: 'promptops/v1', prompts: [prompt] };
    const [a, b] = await Promise.all([
      importBundle(target, { bundle: racing }),
      importBundle(target, { bundle: racing }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.totals.promptsCreated, b.body.totals.promptsCreated].sort()).toEqual([0, 1]);
    const versions = await target.http.get(`/api/v1/prompts/${prompt.name}/versions`).set(target.auth).expect(200);
    expect(versions.body.total).toBe(3);
  });

  it('reports on a dry run exactly what the import then does, and writes nothing', async () => {
    const fresh = await startApp();
    try {
      const before = await rowCounts(fresh);
      const dry = await importBundle(fresh, { bundle, dryRun: true, deployments: 'all' }).expect(200);
      expect(dry.body).toMatchObject({ dryRun: true, changed: true });
      expect(await rowCounts(fresh)).toEqual(before);
      const real = await importBundle(fresh, { bundle, deployments: 'all' }).expect(200);
      expect({ ...dry.body, dryRun: false }).toEqual(real.body);
    } finally {
      await fresh.close();
    }
  });

  describe('refuses a bad bundle with 400 naming the field, and writes nothing', () => {
    const good = () => structuredClone(bundle.prompts.find((p) => p.name === text)!);
    const renamed = (name: string, template: string) => {
      const prompt = good();
      prompt.name = name;
      prompt.versions = [{ ...prompt.versions[1], template }];
      prompt.deployments = [];
      return prompt;
    };
    const expectRefused = async (body: Record<string, unknown>, field: string, code = 'VALIDATION_FAILED') => {
      const before = await rowCounts(target);
      const res = await importBundle(target, body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe(code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await rowCounts(target)).toEqual(before);
    };

    it('a wrong format', () => expectRefused({ bundle: { ...bundle, format: 'promptops/v0' } }, 'bundle.format'));

    it('an invalid prompt name', () =>
      expectRefused(
        { bundle: { format: 'promptops/v1', prompts: [renamed('Not A Name', 'x')] } },
        'bundle.prompts.0.name',
      ));

    it('a template that does not parse, after a good prompt', () =>
      expectRefused(
        {
          bundle: {
            format: 'promptops/v1',
            prompts: [renamed('good-before-bad', 'fine {{ x }}'), renamed('bad-template', 'broken {{ oops')],
          },
        },
        'bundle.prompts.1.versions.0.template',
        'TEMPLATE_SYNTAX_ERROR',
      ));

    it('a model config naming a provider neither here nor in the bundle, found after writing the first prompt', async () => {
      const second = renamed('names-a-missing-provider', 'hi {{ x }}');
      second.versions[0].modelConfig = { provider: 'nowhere', model: 'm' };
      await expectRefused(
        { bundle: { format: 'promptops/v1', prompts: [renamed('written-then-rolled-back', 'ok'), second] } },
        'bundle.prompts.1.versions.0.modelConfig.provider',
      );
      await target.http.get('/api/v1/prompts/written-then-rolled-back').set(target.auth).expect(404);
    });

    it('a flow definition with issues', async () => {
      const broken = structuredClone(bundle.prompts.find((p) => p.name === flow)!);
      broken.name = 'broken-flow';
      broken.versions[0].flow = {
        steps: [{ id: 'a', prompt: { name: chat }, inputs: {} }],
        output: '{{ steps.nope.output }}',
      };
      const res = await importBundle(target, { bundle: { format: 'promptops/v1', prompts: [broken] } }).expect(400);
      expect(res.body.code).toBe('FLOW_INVALID');
      expect(res.body.errors[0].field).toMatch(/^bundle\.prompts\.0\.versions\.0\./);
    });

    it('a flow step calling a flow, here or in the bundle (flows do not nest), as creating it by hand refuses', async () => {
      const nesting = structuredClone(bundle.prompts.find((p) => p.name === flow)!);
      nesting.name = 'calls-itself';
      nesting.deployments = [];
      nesting.versions[0].flow!.steps[0].prompt = { name: 'calls-itself' };
      await expectRefused(
        { bundle: { format: 'promptops/v1', prompts: [nesting] } },
        'bundle.prompts.0.versions.0.flow.steps.0.prompt.name',
      );
      const prompts = bundle.prompts.filter((p) => p.name === flow || p.name === chat);
      await importBundle(target, { bundle: { format: 'promptops/v1', providers: bundle.providers, prompts } }).expect(
        200,
      );
      nesting.versions[0].flow!.steps[0].prompt = { name: flow };
      await expectRefused(
        { bundle: { format: 'promptops/v1', prompts: [nesting] } },
        'bundle.prompts.0.versions.0.flow.steps.0.prompt.name',
      );
    });
  });

  describe('permissions and API-key scopes', () => {
    const newPromptBundle = (): TransferBundle => {
      const prompt = structuredClone(bundle.prompts.find((p) => p.name === text)!);
      prompt.name = promptInput().name;
      prompt.deployments = [];
      return { format: 'promptops/v1', prompts: [prompt] };
    };

    const asDrafts = (bundle: TransferBundle): TransferBundle => ({
      ...bundle,
      prompts: bundle.prompts.map((p) => ({ ...p, versions: p.versions.map((v) => ({ ...v, status: 'draft' })) })),
    });

    it('lets a viewer export but not import', async () => {
      const viewer = await member(source, 'viewer');
      await source.http.get('/api/v1/transfer/export').set(viewer.auth).expect(200);
      const res = await importBundle(source, { bundle: newPromptBundle() }, viewer.auth).expect(403);
      expect(res.body.detail).toContain('prompt:edit');
    });

    it('needs prompt:publish to apply deployments and admin:providers to create environments or providers', async () => {
      const editor = await member(source, 'editor');
      const withDeployment = newPromptBundle();
      withDeployment.prompts[0].deployments = [{ environment: 'dev', version: 2 }];
      const deploying = await importBundle(source, { bundle: withDeployment }, editor.auth).expect(403);
      expect(deploying.body.detail).toContain('prompt:publish');
      const withEnvironment = {
        ...newPromptBundle(),
        environments: [{ name: `env-${Date.now()}` }],
      };
      const creating = await importBundle(source, { bundle: withEnvironment, deployments: 'none' }, editor.auth).expect(
        403,
      );
      expect(creating.body.detail).toContain('admin:providers');
      const skipped = await importBundle(
        source,
        { bundle: asDrafts(withDeployment), deployments: 'none' },
        editor.auth,
      );
      expect(skipped.body.totals).toMatchObject({ promptsCreated: 1, deploymentsApplied: 0 });
      const without = await importBundle(source, { bundle: asDrafts(newPromptBundle()) }, editor.auth).expect(200);
      expect(without.body.totals.promptsCreated).toBe(1);
    });

    it('needs prompt:publish to import published versions or publish drafts, and writes nothing without it', async () => {
      const editor = await member(source, 'editor');
      const published = newPromptBundle();
      expect(published.prompts[0].versions.some((v) => v.status === 'published')).toBe(true);
      const refused = await importBundle(source, { bundle: published }, editor.auth).expect(403);
      expect(refused.body.detail).toContain('prompt:publish');
      await source.http.get(`/api/v1/prompts/${published.prompts[0].name}`).set(source.auth).expect(404);

      const drafts = asDrafts(newPromptBundle());
      const publishing = await importBundle(source, { bundle: drafts, publish: true }, editor.auth).expect(403);
      expect(publishing.body.detail).toContain('prompt:publish');
      await importBundle(source, { bundle: drafts }, editor.auth).expect(200);
      // The drafts are here now; only someone who may publish can make them live with publish: true.
      await importBundle(source, { bundle: drafts, publish: true }, editor.auth).expect(403);
      const engineer = await member(source, 'prompt_engineer');
      const live = await importBundle(source, { bundle: drafts, publish: true }, engineer.auth).expect(200);
      expect(live.body.totals).toMatchObject({
        versionsCreated: 0,
        versionsPublished: drafts.prompts[0].versions.length,
      });
      expect(live.body.prompts[0].versions.every((v: { action: string }) => v.action === 'updated')).toBe(true);
    });

    it('exports with scope read, imports with write, applies deployments only with deploy', async () => {
      const read = await apiKey(source, ['read']);
      await source.http.get(`/api/v1/transfer/export?prompts=${text}`).set(read).expect(200);
      const refused = await importBundle(source, { bundle: newPromptBundle() }, read).expect(403);
      expect(refused.body.code).toBe('API_KEY_SCOPE_MISSING');

      const write = await apiKey(source, ['write']);
      const withDeployment = newPromptBundle();
      withDeployment.prompts[0].deployments = [{ environment: 'dev', version: 2 }];
      const noDeploy = await importBundle(source, { bundle: withDeployment }, write).expect(403);
      expect(noDeploy.body).toMatchObject({ code: 'API_KEY_SCOPE_MISSING' });
      expect(noDeploy.body.detail).toContain('"deploy"');
      const imported = newPromptBundle();
      await importBundle(source, { bundle: imported, deployments: 'none' }, write).expect(200);

      const audit = await source.http
        .get(`/api/v1/audit?targetType=prompt&targetId=${imported.prompts[0].name}`)
        .set(source.auth)
        .expect(200);
      expect(audit.body.items.map((e: { actor: string }) => e.actor)).toContain('api-key:key-write');

      const both = await apiKey(source, ['write', 'deploy']);
      const deployed = newPromptBundle();
      deployed.prompts[0].deployments = [{ environment: 'dev', version: 2 }];
      const res = await importBundle(source, { bundle: deployed }, both).expect(200);
      expect(res.body.prompts[0].deployments).toEqual([{ environment: 'dev', version: 2, action: 'created' }]);
    });
  });
});
