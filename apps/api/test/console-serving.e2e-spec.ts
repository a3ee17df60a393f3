import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startApp, TestApp } from './harness';

/** What `vite build` leaves in apps/web/dist, in small: the page and a content-hashed chunk. */
function writeBuiltConsole(): string {
  const dist = mkdtempSync(join(tmpdir(), 'promptops-web-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html><head><title>PromptOps console</title>' +
      '<script type="module" crossorigin src="/assets/index-Dx3k9Qa1.js"></script></head>' +
      '<body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dist, 'assets', 'index-Dx3k9Qa1.js'), CHUNK);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dist;
}

const CHUNK = Array.from({ length: 2000 }, (_, i) => `export const line${i} = "the console, line ${i}";`).join('\n');

describe('serving the built console', () => {
  let t: TestApp;
  let dist: string;

  beforeAll(async () => {
    dist = writeBuiltConsole();
    t = await startApp({ WEB_DIST_DIR: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers the console page at / and at client-side routes, revalidated on every load', async () => {
    for (const path of ['/', '/prompts/support-reply/versions', '/settings?tab=keys']) {
      const res = await t.http.get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<title>PromptOps console</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const direct = await t.http.get('/index.html').expect(200);
    expect(direct.headers['cache-control']).toBe('no-cache');
  });

  /** The asset as sent on the wire, not decompressed. */
  async function fetchAsset(acceptEncoding: string) {
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ url: '/assets/index-Dx3k9Qa1.js', headers: { 'accept-encoding': acceptEncoding } });
    expect(res.statusCode).toBe(200);
    return { headers: res.headers, body: res.rawPayload };
  }

  it('serves hashed assets for a year, compressed for clients that accept it', async () => {
    const br = await fetchAsset('br, gzip');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/accept-encoding/i);
    expect(br.body.length).toBeLessThan(CHUNK.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(CHUNK);

    const gzip = await fetchAsset('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(CHUNK);

    const plain = await fetchAsset('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(CHUNK);
  });

  it('keeps files without a hash short-lived', async () => {
    const res = await t.http.get('/favicon.svg').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it('sends the console with security headers that keep it out of frames and sniffing', async () => {
    const res = await t.http.get('/prompts').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    // Templates compile to functions in the browser, as on the server; inline scripts stay refused.
    expect(csp).toContain("script-src 'self' 'unsafe-eval';");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const asset = await t.http.get('/assets/index-Dx3k9Qa1.js').expect(200);
    expect(asset.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps unknown API paths out of the console fallback', async () => {
    const res = await t.http.get('/api/v1/nothing-here').set(t.auth).expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });
});
