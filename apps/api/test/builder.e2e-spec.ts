import { compileBuilderSpec } from '@promptops/templating';
import { FAKE_ANSWER, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { apiKey } from './factories/serving.factory';
import { startApp, TestApp } from './harness';

const spec = {
  role: '你是 {{ product }} 的客服。',
  task: 'Answer the question: {{ question }}',
  context: '{% if plan %}Plan: {{ plan }}{% endif %}',
  constraints: ['Be brief.', '用中文回答'],
  outputFormat: { kind: 'text', text: 'Plain text.' },
  examples: [{ input: { product: 'Acme', question: 'Where is {{ my }} invoice?', plan: '' }, output: 'Billing.' }],
  datasetRef: { name: 'support-faq', version: 2 },
  variables: [
    { name: 'product', type: 'string' },
    { name: 'question', type: 'text' },
    { name: 'plan', type: 'string', required: false },
  ],
  profile: 'markdown',
};

const expectedText = [
  '## Role\n你是 Acme 的客服。',
  '## Task\nAnswer the question: How do I pay?',
  '## Context\nPlan: Pro',
  '## Constraints\n- Be brief.\n- 用中文回答',
  '## Output format\nPlain text.',
  '## Examples\n### Example 1\nInput:\nproduct: Acme\nquestion: Where is {{ my }} invoice?\nplan: \nOutput:\nBilling.',
].join('\n\n');

describe('builder mode', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let provider: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    const created = providerInput(fake.url, { models: [] });
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const builderPrompt = (overrides: Record<string, unknown> = {}) =>
    promptInput({
      template: undefined,
      variablesMeta: undefined,
      builderSpec: spec,
      modelConfig: { provider, model: 'gpt-4o-mini', maxTokens: 32 },
      status: 'published',
      ...overrides,
    });

  it('compiles a builder version on the server, serves it through render and run, and round-trips the spec', async () => {
    const input = builderPrompt({ template: 'the client sent something else' });
    const created = await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    expect(created.body.latest.template).toBe(compileBuilderSpec(spec as never, { kind: 'text' }).template);
    expect(created.body.latest.builderSpec).toEqual(spec);
    expect(created.body.latest.variablesMeta).toEqual(spec.variables);

    const version = await t.http.get(`/api/v1/prompts/${input.name}/versions/1`).set(t.auth).expect(200);
    expect(version.body.builderSpec).toEqual(spec);

    const variables = { product: 'Acme', question: 'How do I pay?', plan: 'Pro' };
    await t.http.put(`/api/v1/prompts/${input.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const key = await apiKey(t, ['render', 'run']);
    const rendered = await t.http
      .post(`/api/v1/prompts/${input.name}/render`)
      .set('X-API-Key', key)
      .send({ variables })
      .expect(200);
    expect(rendered.body.text).toBe(expectedText);

    const before = fake.requests.length;
    const run = await t.http.post(`/api/v1/run/${input.name}`).set('X-API-Key', key).send({ variables }).expect(200);
    expect(run.body.output).toBe(FAKE_ANSWER);
    const sent = fake.requests.slice(before).map((r) => r.body.messages);
    expect(JSON.stringify(sent)).toContain(JSON.stringify(expectedText));
  });

  it('compiles a chat builder version with the XML profile: the role is the system message', async () => {
    const input = builderPrompt({ kind: 'chat', builderSpec: { ...spec, profile: 'xml' } });
    const created = await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    expect(created.body.latest.messages[0]).toEqual({ role: 'system', template: '你是 {{ product }} 的客服。' });
    expect(created.body.latest.messages[1].template).toMatch(
      /^<task>\nAnswer the question: \{\{ question \}\}\n<\/task>/,
    );
    const rendered = await t.http
      .post(`/api/v1/prompts/${input.name}/render`)
      .set(t.auth)
      .send({ variables: { product: 'Acme', question: 'Q?', plan: '' } })
      .expect(200);
    expect(rendered.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(rendered.body.messages[1].content).toContain('<constraints>\n- Be brief.\n- 用中文回答\n</constraints>');
  });

  it('shows spec changes field by field in the diff, and a switch to code as a mode change', async () => {
    const input = builderPrompt();
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    const next = { ...spec, constraints: ['Be brief.'], profile: 'xml' };
    await t.http.post(`/api/v1/prompts/${input.name}/versions`).set(t.auth).send({ builderSpec: next }).expect(201);
    const diff = await t.http.get(`/api/v1/prompts/${input.name}/diff?from=1&to=2`).set(t.auth).expect(200);
    expect(diff.body.builderSpec).toEqual([
      { name: 'constraints', from: ['Be brief.', '用中文回答'], to: ['Be brief.'], change: 'changed' },
      { name: 'profile', from: 'markdown', to: 'xml', change: 'changed' },
    ]);
    expect(diff.body.template.added).toBeGreaterThan(0);

    // Switching to code: a new version with a template and no spec; it stays in code.
    const code = await t.http
      .post(`/api/v1/prompts/${input.name}/versions`)
      .set(t.auth)
      .send({ template: 'Now in code: {{ question }}' })
      .expect(201);
    expect(code.body.builderSpec).toBeNull();
    const toCode = await t.http.get(`/api/v1/prompts/${input.name}/diff?from=2&to=3`).set(t.auth).expect(200);
    expect(toCode.body.builderSpec[0]).toEqual({ name: 'mode', from: 'builder', to: 'code', change: 'changed' });
    const cloned = await t.http.post(`/api/v1/prompts/${input.name}/versions/2/clone`).set(t.auth).send({}).expect(201);
    expect(cloned.body.builderSpec).toEqual(next);
  });

  it('refuses a bad spec with 400: blank task, unknown profile, invalid JSON Schema, broken Jinja', async () => {
    const post = (builderSpec: unknown) =>
      t.http.post('/api/v1/prompts').set(t.auth).send(builderPrompt({ builderSpec })).expect(400);
    expect((await post({ ...spec, task: '  ' })).body.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...spec, profile: 'yaml' })).body.code).toBe('VALIDATION_FAILED');
    const schema = await post({ ...spec, outputFormat: { kind: 'json_schema', schema: { type: 'strng' } } });
    expect(schema.body).toMatchObject({ code: 'BUILDER_SPEC_INVALID' });
    expect(schema.body.errors[0].field).toBe('builderSpec.outputFormat.schema');
    expect((await post({ ...spec, context: '{% if %}' })).body.code).toBe('TEMPLATE_SYNTAX_ERROR');
    const ok = { ...spec, outputFormat: { kind: 'json_schema', schema: { type: 'object', required: ['a'] } } };
    await t.http
      .post('/api/v1/prompts')
      .set(t.auth)
      .send(builderPrompt({ builderSpec: ok }))
      .expect(201);
  });

  it('returns lint warnings from the variables endpoint for a template and for a builder spec', async () => {
    const template = await t.http
      .post('/api/v1/templates/variables')
      .set(t.auth)
      .send({
        template: 'Hi {{ name }}\n{{ city }}',
        variablesMeta: [
          { name: 'name', type: 'string', required: true, default: 'x' },
          { name: 'unused', type: 'string' },
        ],
      })
      .expect(200);
    expect(template.body.warnings).toEqual([
      {
        code: 'undeclared_variable',
        message: '{{ city }} is used but not declared',
        severity: 'warning',
        line: 2,
        column: 4,
      },
      { code: 'unused_variable', message: 'unused is declared but never used', severity: 'warning' },
      expect.objectContaining({ code: 'required_with_default' }),
    ]);

    const plain = await t.http
      .post('/api/v1/templates/variables')
      .set(t.auth)
      .send({ template: '{{ a }}' })
      .expect(200);
    expect(plain.body.warnings).toEqual([]);

    const builder = await t.http
      .post('/api/v1/templates/variables')
      .set(t.auth)
      .send({
        builderSpec: {
          ...spec,
          constraints: ['At most {{ limit }} words'],
          examples: [{ input: { product: 'Acme' }, output: 'x' }],
          outputFormat: { kind: 'json_schema', schema: { type: 'object', properties: 'nope' } },
        },
      })
      .expect(200);
    expect(builder.body.warnings.map((w: { code: string; field: string }) => [w.code, w.field])).toEqual([
      ['undeclared_variable', 'constraints.0'],
      ['example_missing_field', 'examples.0.input'],
      ['invalid_json_schema', 'outputFormat.schema'],
    ]);
    expect(builder.body.variables.map((v: { name: string }) => v.name)).toEqual([
      'product',
      'question',
      'plan',
      'limit',
    ]);
  });

  it('flags a template above the context window of the model named, counted with its tokenizer', async () => {
    // About 10,000 cl100k tokens: above GPT-4's 8,192, well inside GPT-4o's 128,000.
    const long = Array.from({ length: 900 }, (_, i) => `Item ${i}: the vendor shipped late again, see ticket.`).join(
      '\n',
    );
    const check = (model: string, body: Record<string, unknown> = { template: long }) =>
      t.http
        .post('/api/v1/templates/variables')
        .set(t.auth)
        .send({ ...body, model })
        .expect(200);
    const gpt4 = (await check('gpt-4')).body.warnings as { code: string; message: string }[];
    expect(gpt4).toEqual([expect.objectContaining({ code: 'context_window_exceeded', severity: 'warning' })]);
    expect(gpt4[0].message).toMatch(/more than gpt-4's context window of 8192/);
    expect((await check('gpt-4o')).body.warnings).toEqual([]);
    // A model whose window is unknown is never flagged; chat messages and builder specs are counted too.
    expect((await check('house-model')).body.warnings).toEqual([]);
    const chat = await check('gpt-4', { messages: [{ role: 'user', template: long }] });
    expect(chat.body.warnings.map((w: { code: string }) => w.code)).toEqual(['context_window_exceeded']);
    const builder = await check('gpt-4', { builderSpec: { ...spec, context: long } });
    expect(builder.body.warnings.map((w: { code: string }) => w.code)).toContain('context_window_exceeded');
  });
});
