import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { onMysql, startApp, TestApp } from './harness';

describe('platform: health, documentation, errors, console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('reports health and the database without credentials', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.database.status).toBe('up');
    expect(res.body.database.type).toBe(t.config.database.type);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await t.http.get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.paths['/api/v1/prompts/{name}/versions']).toBeDefined();
    expect(doc.body.paths['/api/v1/prompts'].post.operationId).toBe('createPrompt');
    const ui = await t.http.get('/api/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('keeps Swagger UI working under the security policy: its scripts are files, none inline', async () => {
    const ui = await t.http.get('/api/docs').redirects(1).expect(200);
    expect(ui.headers['content-security-policy']).toContain("script-src 'self'");
    const scripts = ui.text.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/ src=/);
    const init = scripts.map((tag) => / src="([^"]+)"/.exec(tag)![1]).find((src) => src.includes('init'))!;
    await t.http.get(new URL(init, 'http://x/api/docs/').pathname).expect(200);
  });

  it('sends API answers with nosniff and no referrer, errors included', async () => {
    for (const res of [await t.http.get('/api/health'), await t.http.get('/api/v1/prompts')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  (onMysql ? it.skip : it)('keeps the SQLite database and its WAL readable by their owner only', async () => {
    await t.http.get('/api/v1/prompts').set(t.auth).expect(200);
    const file = (t.config.database as { database: string }).database;
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(dirname(file))).toBe('700');
    expect(mode(file)).toBe('600');
    expect(mode(`${file}-wal`)).toBe('600');
    expect(mode(`${file}-shm`)).toBe('600');
  });

  it('answers an unknown API route with a problem+json 404', async () => {
    const res = await t.http.get('/api/v1/nothing-here').set(t.auth).expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND', title: 'Not Found' });
    expect(res.body.detail).toContain('/api/v1/nothing-here');
  });

  it('answers client-side console routes with the single-page app', async () => {
    const res = await t.http.get('/prompts/some-prompt/versions').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('PromptOps');
  });

  it('refuses a body over the size limit with 413', async () => {
    const huge = 'x'.repeat(t.config.bodyLimitBytes + 10);
    const res = await t.http
      .post('/api/v1/templates/render')
      .set(t.auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ template: huge }))
      .expect(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON with a clear 400', async () => {
    const res = await t.http
      .post('/api/v1/prompts')
      .set(t.auth)
      .set('content-type', 'application/json')
      .send('{"name": "broken",')
      .expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toMatch(/not valid JSON/);
  });
});
