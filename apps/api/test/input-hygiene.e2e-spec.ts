import { apiKey, deployedPrompt } from './factories/serving.factory';
import { startApp, TestApp } from './harness';

/** `depth` objects nested in one another, innermost `{"a":1}`. */
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{"a":1}' + '}'.repeat(depth - 1);

describe('input hygiene: bodies, paging and numbers', () => {
  let t: TestApp;
  let baseUrl: string;
  let name: string;
  let key: string;

  beforeAll(async () => {
    t = await startApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    name = await deployedPrompt(t, { template: 'Hello {{ who.name }}', variablesMeta: [] });
    key = await apiKey(t, ['render']);
  });
  afterAll(() => t.close());

  it('refuses a body nested 3,000 levels deep with a 400, before signing in', async () => {
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send(`{"email":"a@example.com","password":${nested(3000)}}`)
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, code: 'JSON_TOO_DEEP' });
    expect(res.body.detail).toBe('The body nests objects and arrays more than 64 levels deep');
  });

  it('refuses it on the serving fast path too, with or without a valid key', async () => {
    for (const apiKey of [key, 'pk_not-a-key']) {
      const res = await fetch(`${baseUrl}/api/v1/prompts/${name}/render`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: `{"variables":${nested(3000)}}`,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'JSON_TOO_DEEP' });
    }
  });

  it('still renders variables nested a few levels, as prompts use them', async () => {
    const res = await fetch(`${baseUrl}/api/v1/prompts/${name}/render`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ variables: { who: { name: 'Ann', tags: [[['deep']]] } } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.json()).toMatchObject({ text: 'Hello Ann' });
  });

  it.each(['1e20', '100000000000000000000', '1.5', '0x10', '-1', '0'])(
    'refuses page=%s with a 400 naming the parameter',
    async (page) => {
      const res = await t.http.get(`/api/v1/prompts?page=${page}`).set(t.auth).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'page' })],
      });
    },
  );

  it('refuses pageSize=1e1 and pages past the last one on every list', async () => {
    for (const list of ['/api/v1/prompts', '/api/v1/runs', '/api/v1/audit', '/api/v1/playground/runs']) {
      await t.http.get(`${list}?pageSize=1e1`).set(t.auth).expect(400);
      await t.http.get(`${list}?page=1000001`).set(t.auth).expect(400);
      await t.http.get(`${list}?page=1000000&pageSize=100`).set(t.auth).expect(200);
    }
  });

  it('still reads plain page numbers', async () => {
    const res = await t.http.get('/api/v1/prompts?page=1&pageSize=5').set(t.auth).expect(200);
    expect(res.body).toMatchObject({ page: 1, pageSize: 5, total: 1 });
  });

  it.each(['1.0', '1e3', '0x1', '01e0'])('refuses the version number %s in a path or a diff', async (n) => {
    const path = await t.http.get(`/api/v1/prompts/${name}/versions/${n}`).set(t.auth).expect(400);
    expect(path.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'version' })],
    });
    const diff = await t.http.get(`/api/v1/prompts/${name}/diff?from=1&to=${n}`).set(t.auth).expect(400);
    expect(diff.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'to' })] });
    await t.http.get(`/api/v1/runs/${n}`).set(t.auth).expect(400);
  });
});
