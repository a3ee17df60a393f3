import { promptInput } from './factories/prompt.factory';
import { startApp, TestApp } from './harness';

let sequence = 0;

/** Flows as registry entries: saved only when valid, versioned, deployed and diffed like prompts. */
describe('flows: definitions, validation, versions and deployments', () => {
  let t: TestApp;
  let extract: string;
  let answer: string;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    extract = (
      await createPrompt('Pull the facts out of: {{ text }}', [{ name: 'text', type: 'text', required: true }])
    ).name;
    answer = (
      await createPrompt('Answer {{ question }} using {{ facts }}', [
        { name: 'question', type: 'string', required: true },
        { name: 'facts', type: 'text', required: true },
      ])
    ).name;
    key = (
      await t.http
        .post('/api/v1/api-keys')
        .set(t.auth)
        .send({ name: 'backend', scopes: ['run'], rateLimitPerMinute: 1000 })
        .expect(201)
    ).body.key;
  });
  afterAll(() => t.close());

  async function createPrompt(template: string, variablesMeta: unknown[]) {
    const input = promptInput({ template, variablesMeta });
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    return input;
  }

  const inputs = [{ name: 'question', type: 'string', required: true }];
  const chain = () => ({
    steps: [
      { id: 'extract', prompt: { name: extract }, inputs: { text: '{{ inputs.question }}' } },
      {
        id: 'answer',
        prompt: { name: answer },
        inputs: { question: '{{ inputs.question }}', facts: '{{ steps.extract.output }}' },
      },
    ],
    output: '{{ steps.answer.output }}',
  });
  const flowInput = (definition: unknown = chain()) => {
    sequence += 1;
    return { name: `flow-${sequence}-${Date.now()}`, displayName: `Flow ${sequence}`, inputs, definition };
  };
  const versionsCount = async (name: string): Promise<number> =>
    (await t.http.get(`/api/v1/prompts/${name}/versions`).set(t.auth).expect(200)).body.total;

  it('creates a flow, lists it with flows and not with prompts, and numbers its versions carrying inputs over', async () => {
    const body = flowInput();
    const created = await t.http.post('/api/v1/flows').set(t.auth).send(body).expect(201);
    expect(created.body).toMatchObject({ name: body.name, type: 'flow', latest: { version: 1, flow: body.name } });
    expect(created.body.latest.graph.map((n: { id: string }) => n.id)).toEqual(['extract', 'answer']);

    const flows = await t.http.get('/api/v1/prompts?type=flow&pageSize=100').set(t.auth).expect(200);
    expect(flows.body.items.map((p: { name: string }) => p.name)).toContain(body.name);
    const prompts = await t.http.get('/api/v1/prompts?type=prompt&pageSize=100').set(t.auth).expect(200);
    expect(prompts.body.items.map((p: { name: string }) => p.name)).not.toContain(body.name);
    const found = await t.http.get(`/api/v1/flows?search=${body.name}`).set(t.auth).expect(200);
    expect(found.body.items.map((p: { name: string }) => p.name)).toEqual([body.name]);

    const second = chain();
    second.output = '{{ steps.answer.output | trim }}';
    const v2 = await t.http
      .post(`/api/v1/flows/${body.name}/versions`)
      .set(t.auth)
      .send({ definition: second, comment: 'trim' })
      .expect(201);
    expect(v2.body).toMatchObject({ version: 2, inputs, definition: { output: second.output } });
    const v1 = await t.http.get(`/api/v1/flows/${body.name}/versions/1`).set(t.auth).expect(200);
    expect(v1.body.definition.output).toBe('{{ steps.answer.output }}');
  });

  it('stores a definition normalized: the same steps saved twice give the same text', async () => {
    const body = flowInput();
    await t.http.post('/api/v1/flows').set(t.auth).send(body).expect(201);
    const reordered = chain();
    const again = {
      output: reordered.output,
      steps: reordered.steps.map(({ inputs: mapped, prompt, id }) => ({ inputs: mapped, prompt, id })),
    };
    await t.http.post(`/api/v1/flows/${body.name}/versions`).set(t.auth).send({ definition: again }).expect(201);
    const [v1, v2] = await Promise.all(
      [1, 2].map((v) => t.http.get(`/api/v1/prompts/${body.name}/versions/${v}`).set(t.auth).expect(200)),
    );
    expect(v2.body.template).toBe(v1.body.template);
  });

  describe('refuses an invalid definition with 400 FLOW_INVALID naming the steps, and writes nothing', () => {
    let existing: string;
    beforeAll(async () => {
      const body = flowInput();
      await t.http.post('/api/v1/flows').set(t.auth).send(body).expect(201);
      existing = body.name;
    });

    const expectInvalid = async (definition: unknown, steps: string[], kind: string) => {
      const before = await versionsCount(existing);
      const res = await t.http.post(`/api/v1/flows/${existing}/versions`).set(t.auth).send({ definition }).expect(400);
      expect(res.body.code).toBe('FLOW_INVALID');
      for (const step of steps) expect(res.body.detail).toContain(`"${step}"`);
      expect(res.body.issues.map((i: { kind: string }) => i.kind)).toContain(kind);
      expect(await versionsCount(existing)).toBe(before);
      const fresh = flowInput(definition);
      await t.http.post('/api/v1/flows').set(t.auth).send(fresh).expect(400);
      await t.http.get(`/api/v1/flows/${fresh.name}`).set(t.auth).expect(404);
      return res.body;
    };
    const step = (id: string, reads: string) => ({
      id,
      prompt: { name: extract },
      inputs: { text: `{{ ${reads} }}` },
    });

    it('a three-step cycle names all three steps', async () => {
      const body = await expectInvalid(
        { steps: [step('a', 'steps.c.output'), step('b', 'steps.a.output'), step('c', 'steps.b.output')], output: '' },
        ['a', 'b', 'c'],
        'cycle',
      );
      expect(body.issues.find((i: { kind: string }) => i.kind === 'cycle').steps).toEqual(['a', 'b', 'c']);
    });
    it('a reference to an unknown step', () =>
      expectInvalid({ steps: [step('a', 'steps.ghost.output')], output: '' }, ['a'], 'unknown_step'));
    it('a reference to an unknown input', () =>
      expectInvalid({ steps: [step('a', 'inputs.nope')], output: '' }, ['a'], 'unknown_input'));
    it('a prompt that does not exist', () =>
      expectInvalid(
        { steps: [{ id: 'a', prompt: { name: 'no-such-prompt' }, inputs: {} }], output: '' },
        ['a'],
        'unknown_prompt',
      ));
    it('a step calling a flow', () =>
      expectInvalid(
        { steps: [{ id: 'nested', prompt: { name: existing }, inputs: {} }], output: '' },
        ['nested'],
        'prompt_is_flow',
      ));
    it('a mapping leaving a required variable unfilled', async () => {
      const body = await expectInvalid(
        { steps: [{ id: 'ans', prompt: { name: answer }, inputs: { question: '{{ inputs.question }}' } }], output: '' },
        ['ans'],
        'unfilled_variable',
      );
      expect(body.errors).toContainEqual(expect.objectContaining({ field: 'definition.steps.ans.inputs.facts' }));
    });
    it('a syntax error in a mapping', () =>
      expectInvalid({ steps: [step('a', 'inputs.question +')], output: '' }, ['a'], 'syntax'));
    it('more than 50 steps', async () => {
      const steps = Array.from({ length: 51 }, (_, i) => step(`s${i}`, 'inputs.question'));
      const res = await t.http
        .post(`/api/v1/flows/${existing}/versions`)
        .set(t.auth)
        .send({ definition: { steps, output: '' } });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('50');
    });
  });

  it('validates a diamond A → {B, C} → D: run order and dependencies', async () => {
    const s = (id: string, reads: string) => ({ id, prompt: { name: extract }, inputs: { text: `{{ ${reads} }}` } });
    const res = await t.http
      .post('/api/v1/flows/validate')
      .set(t.auth)
      .send({
        inputs,
        definition: {
          steps: [
            s('D', 'steps.B.output ~ steps.C.output'),
            s('B', 'steps.A.output'),
            s('C', 'steps.A.output'),
            s('A', 'inputs.question'),
          ],
          output: '{{ steps.D.output }}',
        },
      })
      .expect(200);
    expect(res.body).toMatchObject({ valid: true, issues: [], order: ['A', 'B', 'C', 'D'] });
    expect(res.body.graph.find((n: { id: string }) => n.id === 'D').dependsOn).toEqual(['B', 'C']);
  });

  it('publishes, deploys, redeploys and rolls back a flow through the prompts endpoints, and diffs its versions', async () => {
    const body = flowInput();
    await t.http.post('/api/v1/flows').set(t.auth).send(body).expect(201);
    const changed = chain();
    changed.steps[1].inputs.facts = '{{ steps.extract.output | upper }}';
    await t.http.post(`/api/v1/flows/${body.name}/versions`).set(t.auth).send({ definition: changed }).expect(201);
    for (const v of [1, 2])
      await t.http.post(`/api/v1/prompts/${body.name}/versions/${v}/publish`).set(t.auth).expect(200);
    const deploy = `/api/v1/prompts/${body.name}/deployments/prod`;
    await t.http.put(deploy).set(t.auth).send({ version: 1 }).expect(200);
    await t.http.put(deploy).set(t.auth).send({ version: 2 }).expect(200);
    const rolled = await t.http.post(`${deploy}/rollback`).set(t.auth).send({}).expect(200);
    expect(rolled.body.version).toBe(1);
    const history = await t.http.get(`${deploy}/history`).set(t.auth).expect(200);
    expect(JSON.stringify(history.body)).toMatch(/rollback/);
    const diff = await t.http.get(`/api/v1/prompts/${body.name}/diff?from=1&to=2`).set(t.auth).expect(200);
    expect(JSON.stringify(diff.body)).toContain('upper');
  });

  it('prompt endpoints refuse flows, and flow endpoints refuse prompts', async () => {
    const body = flowInput();
    await t.http
      .post('/api/v1/flows')
      .set(t.auth)
      .send({ ...body, status: 'published' })
      .expect(201);
    await t.http.put(`/api/v1/prompts/${body.name}/deployments/prod`).set(t.auth).send({ version: 1 }).expect(200);
    const render = await t.http.post(`/api/v1/prompts/${body.name}/render`).set(t.auth).send({ variables: {} });
    expect([render.status, render.body.code]).toEqual([400, 'PROMPT_IS_FLOW']);
    const run = await t.http.post(`/api/v1/run/${body.name}`).set('X-API-Key', key).send({ variables: {} });
    expect([run.status, run.body.code]).toEqual([400, 'PROMPT_IS_FLOW']);
    const asPrompt = await t.http
      .post(`/api/v1/prompts/${body.name}/versions`)
      .set(t.auth)
      .send({ template: 'hi' })
      .expect(409);
    expect(asPrompt.body.code).toBe('PROMPT_TYPE_CONFLICT');
    const asFlow = await t.http
      .post(`/api/v1/flows/${answer}/versions`)
      .set(t.auth)
      .send({ definition: chain() })
      .expect(409);
    expect(asFlow.body.code).toBe('PROMPT_TYPE_CONFLICT');
    const read = await t.http.get(`/api/v1/flows/${answer}`).set(t.auth).expect(404);
    expect(read.body).toMatchObject({ code: 'FLOW_NOT_FOUND' });
    expect(read.body.detail).toContain('is a prompt');
  });
});
