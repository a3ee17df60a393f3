import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

describe('rendering prompts and unsaved templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  async function newPrompt(overrides: Record<string, unknown>): Promise<string> {
    const input = promptInput(overrides);
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    return input.name;
  }

  it('renders the latest version with variables and declared defaults', async () => {
    const name = await newPrompt({
      template: 'Write {{ count }} lines about {{ topic }}.',
      variablesMeta: [
        { name: 'topic', type: 'string', required: true },
        { name: 'count', type: 'int', default: 3 },
      ],
    });
    const res = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set(t.auth)
      .send({ variables: { topic: 'tea' } })
      .expect(200);
    expect(res.body).toMatchObject({
      text: 'Write 3 lines about tea.',
      prompt: name,
      version: 1,
      variables: { topic: 'tea', count: 3 },
      modelConfig: { model: 'gpt-4o-mini', temperature: 0.5 },
    });
  });

  it('renders a specific version', async () => {
    const name = await newPrompt({ template: 'one {{ topic }}' });
    await t.http.post(`/api/v1/prompts/${name}/versions`).set(t.auth).send({ template: 'two {{ topic }}' }).expect(201);
    const res = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set(t.auth)
      .send({ variables: { topic: 'x' }, version: 1 })
      .expect(200);
    expect(res.body).toMatchObject({ text: 'one x', version: 1 });
  });

  it('answers a missing variable with "Missing variable: {{topic}}" and lists every missing one', async () => {
    const name = await newPrompt({
      template: '{{ greeting }}, write about {{ topic }} for {{ audience }}.',
      variablesMeta: [
        { name: 'topic', type: 'string', required: true },
        { name: 'audience', type: 'string', required: true },
      ],
    });
    const res = await t.http.post(`/api/v1/prompts/${name}/render`).set(t.auth).send({ variables: {} }).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('MISSING_VARIABLE');
    expect(res.body.detail).toBe('Missing variable: {{topic}}');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'variables.audience',
      'variables.greeting',
      'variables.topic',
    ]);
  });

  it('is strict about undeclared variables too: never an empty string', async () => {
    const name = await newPrompt({ template: 'About {{ subject }}.', variablesMeta: [] });
    const res = await t.http.post(`/api/v1/prompts/${name}/render`).set(t.auth).send({}).expect(400);
    expect(res.body.detail).toBe('Missing variable: {{subject}}');
  });

  it('checks variable types against their declarations', async () => {
    const name = await newPrompt({
      template: '{{ n }} {{ tone }}',
      variablesMeta: [
        { name: 'n', type: 'int', required: true },
        { name: 'tone', type: 'choice', choices: ['calm', 'wild'], required: true },
      ],
    });
    const res = await t.http
      .post(`/api/v1/prompts/${name}/render`)
      .set(t.auth)
      .send({ variables: { n: 'three', tone: 'angry' } })
      .expect(400);
    expect(res.body.code).toBe('INVALID_VARIABLE');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['variables.n', 'variables.tone']);
  });

  it('does not HTML-escape: prompts are not HTML', async () => {
    const res = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .send({ template: 'Say {{ text }}', variables: { text: '<b>"hi" & bye</b>' } })
      .expect(200);
    expect(res.body.text).toBe('Say <b>"hi" & bye</b>');
  });

  it('renders an unsaved template with a few-shot loop', async () => {
    const template = '{% for ex in examples %}Q: {{ ex.q }}\nA: {{ ex.a }}\n{% endfor %}Q: {{ question }}\nA:';
    const res = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .send({
        template,
        variables: {
          examples: [
            { q: '1+1', a: '2' },
            { q: '2+2', a: '4' },
          ],
          question: '3+3',
        },
      })
      .expect(200);
    expect(res.body.text).toBe('Q: 1+1\nA: 2\nQ: 2+2\nA: 4\nQ: 3+3\nA:');
  });

  it('points at the line and column of a syntax error in an unsaved template', async () => {
    const res = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .send({ template: 'line one\nline two {{ oops }\nline three' })
      .expect(400);
    expect(res.body.code).toBe('TEMPLATE_SYNTAX_ERROR');
    expect(res.body.line).toBe(2);
    expect(res.body.detail).toMatch(/line 2/);
  });

  it('discovers the variables of an unsaved template from its syntax tree', async () => {
    const res = await t.http
      .post('/api/v1/templates/variables')
      .set(t.auth)
      .send({
        template:
          '{% set greeting = "Hi" %}{{ greeting }} {{ user.name }}{% for ex in examples %}{{ ex.input }}{{ loop.index }}{% endfor %}{% if formal %}.{% endif %}',
        variablesMeta: [{ name: 'user', type: 'json', description: 'kept as is' }],
      })
      .expect(200);
    const byName = Object.fromEntries(res.body.variables.map((v: { name: string }) => [v.name, v]));
    expect(Object.keys(byName).sort()).toEqual(['examples', 'formal', 'user']);
    expect(byName.user).toMatchObject({ kind: 'object', paths: ['user.name'] });
    expect(byName.examples.kind).toBe('list');
    expect(byName.formal.kind).toBe('boolean');
    expect(res.body.variablesMeta).toEqual(
      expect.arrayContaining([
        { name: 'user', type: 'json', description: 'kept as is' },
        expect.objectContaining({ name: 'examples', type: 'list' }),
        expect.objectContaining({ name: 'formal', type: 'bool' }),
      ]),
    );
  });
});
