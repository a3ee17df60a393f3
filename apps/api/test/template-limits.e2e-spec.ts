import { startApp, TestApp } from './harness';

describe('template resource limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ TEMPLATE_TIMEOUT_MS: '500' });
  });
  afterAll(() => t.close());

  const render = (template: string, variables: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/templates/render').set(t.auth).send({ template, variables });

  const HEAVY = '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}';

  it('stops a render that runs past its CPU budget with 422 TEMPLATE_TIME_LIMIT', async () => {
    const started = Date.now();
    const res = await render(HEAVY).expect(422);
    expect(res.body.code).toBe('TEMPLATE_TIME_LIMIT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps answering health checks while four runaway renders run at once', async () => {
    const heavy = Array.from({ length: 4 }, () => render(HEAVY).then((r) => r));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await t.http.get('/api/health').expect(200);
      samples.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Math.max(...samples)).toBeLessThan(200);
    const results = await Promise.all(heavy);
    expect(results.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([422, 'TEMPLATE_TIME_LIMIT']));
    // The server still renders normally afterwards.
    const ok = await render('Hello {{ name }}', { name: 'again' }).expect(200);
    expect(ok.body.text).toBe('Hello again');
  });

  it('caps the output size with 422 TEMPLATE_OUTPUT_LIMIT', async () => {
    const res = await render('{% for i in range(20000) %}{{ chunk }}{% endfor %}', { chunk: 'x'.repeat(100) }).expect(
      422,
    );
    expect(res.body.code).toBe('TEMPLATE_OUTPUT_LIMIT');
  });

  it('bounds range() with 422 TEMPLATE_RANGE_LIMIT', async () => {
    const res = await render('{{ range(100000000) | length }}').expect(422);
    expect(res.body.code).toBe('TEMPLATE_RANGE_LIMIT');
  });

  it('bounds recursion with 422 TEMPLATE_RECURSION_LIMIT', async () => {
    const res = await render('{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}{{ down(0) }}').expect(422);
    expect(res.body.code).toBe('TEMPLATE_RECURSION_LIMIT');
  });

  it("reports raise_exception's message with 422 TEMPLATE_RAISED", async () => {
    const res = await render(
      '{% if not messages %}{{ raise_exception("Conversation roles must alternate") }}{% endif %}',
      {
        messages: [],
      },
    ).expect(422);
    expect(res.body).toMatchObject({ code: 'TEMPLATE_RAISED', detail: 'Conversation roles must alternate' });
  });
});
