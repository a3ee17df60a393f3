import { ScorerSpec } from '@promptops/shared';
import { DomainError } from '../src/common/problem/domain.error';
import { problemOf } from '../src/common/problem/problem.filter';
import { EVAL_JUDGE_PROMPT } from '../src/demo/demo-prompts';
import { ScorersService } from '../src/scorers/scorers.service';
import { FAKE_USAGE, FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { startApp, TestApp } from './harness';

/** Dollars as the API gives them: to 10 decimal places. */
const usd = (dollars: number) => Number(dollars.toFixed(10));

/** What `pin` throws, as the client would read it (problem+json). */
async function pinProblem(scorers: ScorersService, specs: ScorerSpec[]) {
  const error = await scorers.pin(specs).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainError);
  return problemOf(error);
}

/**
 * Embedding similarity fetches embeddings through the model gateway: OpenAI-compatible servers
 * directly by default, through the AI SDK's embedMany with GATEWAY_CLIENT=sdk.
 */
describe.each(['direct', 'sdk'])('embedding similarity through the gateway (%s client)', (client) => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let scorers: ScorersService;
  let provider: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp({ GATEWAY_TIMEOUT_MS: '2000', GATEWAY_CLIENT: client });
    scorers = t.app.get(ScorersService);
    const created = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(created).expect(201);
    provider = created.name;
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const similarity = async (model: string) =>
    (await scorers.pin([{ name: 'meaning', kind: 'embedding_similarity', config: { provider, model } }]))[0];

  it('scores a paraphrase high and an unrelated answer low, embedding each text once', async () => {
    const scorer = await similarity('fake-embed');
    expect(scorer).toMatchObject({ threshold: 0.8, version: 1, embedding: { provider, model: 'fake-embed' } });

    const close = await scorers.score(scorer, {
      input: {},
      output: 'The cat sat on the mat',
      expected: 'the cat sat on a mat',
    });
    expect(close).toMatchObject({ pass: true, error: null, reason: expect.stringMatching(/^cosine similarity 0\.8/) });
    expect(close.score).toBeGreaterThan(0.8);
    expect(close.usage).toEqual({ promptTokens: 12, completionTokens: 0 });
    expect(fake.requestsFor('fake-embed')).toHaveLength(1);
    expect(fake.requestsFor('fake-embed')[0].body.input).toEqual(['The cat sat on the mat', 'the cat sat on a mat']);

    const far = await scorers.score(scorer, {
      input: {},
      output: 'Quarterly revenue grew 8%',
      expected: 'the cat sat on a mat',
    });
    expect(far).toMatchObject({ score: 0, pass: false, error: null });
    // The expected answer came from the cache: only the new output was sent.
    expect(fake.requestsFor('fake-embed')).toHaveLength(2);
    expect(fake.requestsFor('fake-embed')[1].body.input).toEqual(['Quarterly revenue grew 8%']);
  });

  it('scores the same texts again from embedding_cache, without reaching the provider', async () => {
    const scorer = await similarity('fake-embed');
    const before = fake.requestsFor('fake-embed').length;
    const again = await scorers.score(scorer, {
      input: {},
      output: 'The cat sat on the mat',
      expected: 'the cat sat on a mat',
    });
    expect(again).toMatchObject({ pass: true, usage: { promptTokens: 0, completionTokens: 0 } });
    expect(fake.requestsFor('fake-embed')).toHaveLength(before);
    const [{ rows }] = await t.dataSource.query('SELECT COUNT(*) AS "rows" FROM embedding_cache');
    expect(Number(rows)).toBe(3);
  });

  it('compares Chinese texts, and several repetitions at once agree and store each text once', async () => {
    const scorer = await similarity('fake-embed-zh');
    const item = { input: {}, output: '青花瓷茶杯，手工制作', expected: '手工制作的青花瓷茶杯' };
    const scores = await Promise.all([1, 2, 3].map(() => scorers.score(scorer, item)));
    expect(new Set(scores.map((s) => s.score)).size).toBe(1);
    expect(scores[0]).toMatchObject({ pass: true, error: null });
    const [{ rows }] = await t.dataSource.query('SELECT COUNT(*) AS "rows" FROM embedding_cache');
    expect(Number(rows)).toBe(5);
  });

  it('retries a provider error (500) as chat calls do', async () => {
    const scorer = await similarity('fake-500-once-embed');
    const score = await scorers.score(scorer, { input: {}, output: 'a b', expected: 'a c' });
    expect(score).toMatchObject({ error: null, pass: false });
    expect(fake.requestsFor('fake-500-once-embed')).toHaveLength(2);
  });

  it("reports a provider's refusal as the scorer's error, without throwing", async () => {
    const scorer = await similarity('fake-401');
    const score = await scorers.score(scorer, { input: {}, output: 'yes', expected: 'no' });
    expect(score).toMatchObject({ score: null, pass: null });
    expect(score.error).toContain('rejected the credentials');
  });

  it('scores an empty output 0 without calling the provider, and needs a text as expected', async () => {
    const scorer = await similarity('fake-embed-edge');
    expect(await scorers.score(scorer, { input: {}, output: '  ', expected: 'hello' })).toEqual({
      score: 0,
      pass: false,
      reason: 'the output is empty',
      error: null,
    });
    expect(await scorers.score(scorer, { input: {}, output: 'hello', expected: undefined })).toMatchObject({
      error: 'this item has no expected value',
    });
    expect(await scorers.score(scorer, { input: {}, output: 'hello', expected: { a: 1 } })).toMatchObject({
      error: 'expected must be a text to compare meanings, not an object',
    });
    expect(fake.requestsFor('fake-embed-edge')).toHaveLength(0);
  });
});

describe('scorers: pinning an experiment’s scorers, the LLM judge through the run core', () => {
  let t: TestApp;
  let fake: FakeLlmServer;
  let scorers: ScorersService;
  let provider: string;
  let judgeProvider: string;
  let anthropic: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start({ answers: { 'fake-judge-1-to-5': 'Verdict: {"score": 4, "reason": "Good"}' } });
    t = await startApp({ GATEWAY_TIMEOUT_MS: '2000' });
    scorers = t.app.get(ScorersService);
    const open = providerInput(fake.url);
    await t.http.post('/api/v1/providers').set(t.auth).send(open).expect(201);
    provider = open.name;
    // The judge's provider prices its model: judge calls are costed like any run.
    const priced = providerInput(fake.url, {
      models: [{ id: 'fake-judge', inputPricePerMTok: 1, outputPricePerMTok: 2 }],
    });
    await t.http.post('/api/v1/providers').set(t.auth).send(priced).expect(201);
    judgeProvider = priced.name;
    const claude = providerInput(fake.url, { kind: 'anthropic', apiKey: 'sk-ant-fake-key' });
    await t.http.post('/api/v1/providers').set(t.auth).send(claude).expect(201);
    anthropic = claude.name;
    await t.http
      .post('/api/v1/prompts')
      .set(t.auth)
      .send({ ...EVAL_JUDGE_PROMPT, modelConfig: { provider: judgeProvider, model: 'fake-judge', temperature: 0 } })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  describe('pin', () => {
    it('fills in each kind’s defaults and threshold, so a re-run scores the same way', async () => {
      const pinned = await scorers.pin([
        { name: 'accuracy', kind: 'exact_match' },
        { name: 'close', kind: 'levenshtein', threshold: 0.9 },
        { name: 'format', kind: 'regex', config: { pattern: '^\\d+$', flags: 'mi' } },
        { name: 'number', kind: 'numeric', config: { tolerance: 0.5 } },
      ]);
      expect(pinned).toEqual([
        { name: 'accuracy', kind: 'exact_match', config: { trim: true, ignoreCase: false }, threshold: 1, version: 1 },
        { name: 'close', kind: 'levenshtein', config: { trim: true, ignoreCase: false }, threshold: 0.9, version: 1 },
        {
          name: 'format',
          kind: 'regex',
          config: { pattern: '^\\d+$', flags: 'im', negate: false },
          threshold: 1,
          version: 1,
        },
        { name: 'number', kind: 'numeric', config: { tolerance: 0.5, relativeTolerance: 0 }, threshold: 1, version: 1 },
      ]);
    });

    it('pins the judge to the latest version of eval-judge and its model', async () => {
      const [judge] = await scorers.pin([{ name: 'judge', kind: 'llm_judge' }]);
      expect(judge).toMatchObject({
        config: { prompt: 'eval-judge', scale: { min: 0, max: 1 } },
        threshold: 0.5,
        judge: { prompt: 'eval-judge', version: 1, provider: judgeProvider, model: 'fake-judge' },
      });
    });

    it.each([
      [
        'a regex RE2 cannot run',
        { name: 'r', kind: 'regex', config: { pattern: '(a)\\1' } },
        'SCORER_REGEX_INVALID',
        'scorers[0].config.pattern',
      ],
      [
        'an invalid JSON Schema',
        { name: 's', kind: 'json_schema', config: { schema: { type: 'strnig' } } },
        'SCORER_SCHEMA_INVALID',
        'scorers[0].config.schema',
      ],
      [
        'an unknown judge prompt',
        { name: 'j', kind: 'llm_judge', config: { prompt: 'no-such-judge' } },
        'SCORER_JUDGE_PROMPT_NOT_FOUND',
        'scorers[0].config.prompt',
      ],
      [
        'a judge version that does not exist',
        { name: 'j', kind: 'llm_judge', config: { version: 9 } },
        'SCORER_JUDGE_PROMPT_NOT_FOUND',
        'scorers[0].config.version',
      ],
      [
        'an unknown setting',
        { name: 'e', kind: 'exact_match', config: { caseInsensitive: true } },
        'SCORER_CONFIG_INVALID',
        'scorers[0].config.caseInsensitive',
      ],
      ['an unknown kind', { name: 'k', kind: 'bleu' }, 'SCORER_CONFIG_INVALID', 'scorers[0].kind'],
      [
        'a threshold above 1',
        { name: 'e', kind: 'exact_match', threshold: 2 },
        'SCORER_CONFIG_INVALID',
        'scorers[0].threshold',
      ],
      [
        'embeddings without a model',
        { name: 'm', kind: 'embedding_similarity', config: { provider: 'x' } },
        'SCORER_CONFIG_INVALID',
        'scorers[0].config.model',
      ],
    ])('refuses %s with a 400 naming the scorer and the field', async (_, spec, code, field) => {
      const problem = await pinProblem(scorers, [spec as ScorerSpec]);
      expect(problem).toMatchObject({ status: 400, code, scorer: spec.name, errors: [{ field, code }] });
      expect(problem.type).toBe(`https://promptops.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`);
      expect(problem.detail).toMatch(new RegExp(`^Scorer "${spec.name}": `));
    });

    it('refuses a provider without embeddings, and an unknown one', async () => {
      const noEmbeddings = await pinProblem(scorers, [
        { name: 'ok', kind: 'exact_match' },
        { name: 'meaning', kind: 'embedding_similarity', config: { provider: anthropic, model: 'claude' } },
      ]);
      expect(noEmbeddings).toMatchObject({
        status: 400,
        code: 'SCORER_EMBEDDINGS_UNSUPPORTED',
        errors: [{ field: 'scorers[1].config.provider' }],
      });
      expect(noEmbeddings.detail).toContain('(anthropic), which offers no embeddings');
      const unknown = await pinProblem(scorers, [
        { name: 'meaning', kind: 'embedding_similarity', config: { provider: 'nope', model: 'm' } },
      ]);
      expect(unknown).toMatchObject({ status: 400, code: 'SCORER_MODEL_UNAVAILABLE' });
    });

    it('refuses a judge whose version names no model, unless the scorer names one', async () => {
      const bare = promptInput({
        template: 'Judge {{ output }} against {{ expected }} for {{ input }}',
        variablesMeta: [],
      });
      await t.http.post('/api/v1/prompts').set(t.auth).send(bare).expect(201);
      const problem = await pinProblem(scorers, [{ name: 'j', kind: 'llm_judge', config: { prompt: bare.name } }]);
      expect(problem).toMatchObject({
        code: 'SCORER_MODEL_UNAVAILABLE',
        errors: [{ field: 'scorers[0].config.provider' }],
      });
      const [pinned] = await scorers.pin([
        { name: 'j', kind: 'llm_judge', config: { prompt: bare.name, provider, model: 'fake-judge' } },
      ]);
      expect(pinned.judge).toEqual({ prompt: bare.name, version: 1, provider, model: 'fake-judge' });
    });

    it('refuses two scorers with one name', async () => {
      const problem = await pinProblem(scorers, [
        { name: 'accuracy', kind: 'exact_match' },
        { name: 'accuracy', kind: 'contains' },
      ]);
      expect(problem).toMatchObject({
        status: 400,
        code: 'SCORER_NAME_DUPLICATE',
        errors: [{ field: 'scorers[1].name' }],
      });
    });
  });

  describe('score', () => {
    it('passes or fails an output by the threshold, and reports a scorer’s own failure as error', async () => {
      const [exact, close] = await scorers.pin([
        { name: 'accuracy', kind: 'exact_match' },
        { name: 'close', kind: 'levenshtein' },
      ]);
      const item = { input: { question: 'What is 12 + 30?' }, output: '42', expected: 42 };
      expect(await scorers.score(exact, item)).toEqual({ score: 1, pass: true, reason: 'matches "42"', error: null });
      expect(await scorers.score(close, { ...item, output: '41' })).toEqual({
        score: 0.5,
        pass: false,
        reason: '1 edit over 2 characters',
        error: null,
      });
      expect(await scorers.score(exact, { ...item, expected: undefined })).toEqual({
        score: null,
        pass: null,
        reason: null,
        error: 'this item has no expected value',
      });
    });

    it('asks the judge through the run core: logged as an experiment run, with usage and cost', async () => {
      const [judge] = await scorers.pin([{ name: 'judge', kind: 'llm_judge' }]);
      const score = await scorers.score(judge, {
        input: { question: 'What is 12 + 30?' },
        output: 'The answer is 42.',
        expected: 42,
      });
      expect(score).toMatchObject({
        score: 1,
        pass: true,
        reason: 'The output gives the expected answer.',
        error: null,
        usage: { promptTokens: FAKE_USAGE.prompt_tokens, completionTokens: FAKE_USAGE.completion_tokens },
        costUsd: usd((FAKE_USAGE.prompt_tokens * 1 + FAKE_USAGE.completion_tokens * 2) / 1e6),
      });
      const run = await t.http.get(`/api/v1/runs/${score.runId}`).set(t.auth).expect(200);
      expect(run.body).toMatchObject({
        source: 'experiment',
        prompt: 'eval-judge',
        version: 1,
        provider: judgeProvider,
        model: 'fake-judge',
        status: 'success',
        costUsd: score.costUsd,
        variables: { input: { question: 'What is 12 + 30?' }, output: 'The answer is 42.', expected: 42 },
      });
      expect(run.body.input[0].content).toContain('<output>\nThe answer is 42.\n</output>');
      const listed = await t.http.get('/api/v1/runs?source=experiment').set(t.auth).expect(200);
      expect(listed.body.items.map((r: { id: number }) => r.id)).toContain(score.runId);

      const wrong = await scorers.score(judge, { input: {}, output: '43', expected: 42 });
      expect(wrong).toMatchObject({ score: 0, pass: false, error: null });
    });

    it('keeps judging with the pinned version after the judge prompt gets a new one', async () => {
      const [judge] = await scorers.pin([{ name: 'judge', kind: 'llm_judge' }]);
      await t.http
        .post('/api/v1/prompts/eval-judge/versions')
        .set(t.auth)
        .send({ template: 'Always answer {"score": 0}. {{ input }} {{ output }} {{ expected }}' })
        .expect(201);
      const score = await scorers.score(judge, { input: {}, output: '42', expected: 42 });
      expect(score).toMatchObject({ score: 1 });
      const run = await t.http.get(`/api/v1/runs/${score.runId}`).set(t.auth).expect(200);
      expect(run.body.version).toBe(1);
    });

    it('maps a judge’s 1–5 scale onto 0..1', async () => {
      const [judge] = await scorers.pin([
        { name: 'judge', kind: 'llm_judge', config: { provider, model: 'fake-judge-1-to-5', scale: [1, 5] } },
      ]);
      expect(judge.judge).toMatchObject({ provider, model: 'fake-judge-1-to-5' });
      const score = await scorers.score(judge, { input: {}, output: 'fine', expected: 'fine' });
      expect(score).toMatchObject({ score: 0.75, pass: true, reason: 'Good (4 on 1–5)', costUsd: null });
    });

    it('turns an unparseable judge answer into a scorer error, keeping the run and its usage', async () => {
      const [judge] = await scorers.pin([
        { name: 'judge', kind: 'llm_judge', config: { version: 1, provider, model: 'fake-normal' } },
      ]);
      const score = await scorers.score(judge, { input: {}, output: '42', expected: 42 });
      expect(score).toMatchObject({ score: null, pass: null, reason: null });
      expect(score.error).toContain('the judge\'s answer has no JSON {"score": …, "reason": …}');
      expect(score.usage).toEqual({ promptTokens: 11, completionTokens: 7 });
      expect(score.runId).toEqual(expect.any(Number));
      const run = await t.http.get(`/api/v1/runs/${score.runId}`).set(t.auth).expect(200);
      expect(run.body).toMatchObject({ source: 'experiment', status: 'success', model: 'fake-normal' });
    });

    it('reports a failed judge call as the scorer’s error', async () => {
      const [judge] = await scorers.pin([
        { name: 'judge', kind: 'llm_judge', config: { version: 1, provider, model: 'fake-401' } },
      ]);
      const score = await scorers.score(judge, { input: {}, output: '42', expected: 42 });
      expect(score).toMatchObject({ score: null, pass: null });
      expect(score.error).toMatch(/^the judge failed: Provider ".*" rejected the credentials/);
    });

    it('rejects only when the experiment aborts, and the aborted judge run is logged as such', async () => {
      const [judge] = await scorers.pin([
        { name: 'judge', kind: 'llm_judge', config: { version: 1, provider, model: 'fake-slow' } },
      ]);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      await expect(
        scorers.score(judge, { input: {}, output: '42', expected: 42 }, { signal: controller.signal }),
      ).rejects.toMatchObject({ code: 'RUN_ABORTED' });
      const listed = await t.http.get('/api/v1/runs?source=experiment&status=aborted').set(t.auth).expect(200);
      expect(listed.body.items[0]).toMatchObject({ model: 'fake-slow', status: 'aborted' });
    });
  });

  it('fake-calc makes the variant that asks for the number only measurably better under exact match', async () => {
    const [exact] = await scorers.pin([{ name: 'accuracy', kind: 'exact_match' }]);
    const variants = {
      terse: promptInput({ template: 'What is {{ a }} + {{ b }}? Give the number only.', variablesMeta: [] }),
      chatty: promptInput({ template: 'What is {{ a }} + {{ b }}?', variablesMeta: [] }),
    };
    const passes: Record<string, number> = {};
    for (const [name, variant] of Object.entries(variants)) {
      await t.http.post('/api/v1/prompts').set(t.auth).send(variant).expect(201);
      passes[name] = 0;
      for (const [a, b] of [
        [12, 30],
        [7, 8],
        [100, 1],
      ]) {
        const run = await t.http
          .post('/api/v1/playground/runs')
          .set(t.auth)
          .send({ prompt: variant.name, version: 1, variables: { a, b }, provider, model: 'fake-calc' })
          .expect(201);
        const score = await scorers.score(exact, { input: { a, b }, output: run.body.output, expected: a + b });
        if (score.pass) passes[name] += 1;
      }
    }
    expect(passes).toEqual({ terse: 3, chatty: 0 });
  });
});

describe('the fake calculator’s noise, for pass@k and confidence intervals', () => {
  const answers = async (fake: FakeLlmServer, times: number) => {
    const outputs: string[] = [];
    for (let i = 0; i < times; i++) {
      const res = await fetch(`${fake.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'fake-calc-noisy-30',
          messages: [{ role: 'user', content: 'What is 12 + 30? The number only.' }],
        }),
      });
      outputs.push(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0].message.content);
    }
    return outputs;
  };

  it('answers some repetitions wrongly, and a fresh server replays the same sequence', async () => {
    const first = await FakeLlmServer.start();
    const second = await FakeLlmServer.start();
    try {
      const run = await answers(first, 20);
      const wrong = run.filter((answer) => answer !== '42');
      expect(wrong.length).toBeGreaterThan(2);
      expect(wrong.length).toBeLessThan(12);
      expect(wrong.every((answer) => /^\d+$/.test(answer))).toBe(true);
      expect(await answers(second, 20)).toEqual(run);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
