/**
 * Shared helpers for the browser tests: a free port, the real API on a throw-away SQLite file,
 * chromium, and a step runner that prints `N passed, M failed`.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const ADMIN = { email: 'admin@e2e.test', password: 'e2e-password-123' };
export const TIMEOUT_MS = 15_000;
/** The API build to test against; another build can be named with PROMPTOPS_API_MAIN. */
export const apiMain = process.env.PROMPTOPS_API_MAIN ?? join(root, 'apps/api/dist/main.js');
/** The console build the API serves; E2E_WEB_DIST names another one. */
export const webDist = process.env.E2E_WEB_DIST ?? join(root, 'apps/web/dist');

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

export async function startApi(dataDir) {
  const port = await freePort();
  const output = [];
  const child = spawn(process.execPath, [apiMain], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dataDir, 'e2e.sqlite')}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DEMO_DATA: 'true',
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: webDist,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return { baseUrl, child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`The API did not become healthy on ${baseUrl}:\n${Buffer.concat(output).toString()}`);
}

export async function stopApi(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Fails with `message` unless `condition` holds. */
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A JSON client for the API, signed in with `auth` headers; throws on any unexpected status. */
export function apiClient(baseUrl, headers = {}) {
  return async (method, path, body, expected = [200, 201, 204]) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : undefined;
    expect(expected.includes(response.status), `${method} ${path} answered ${response.status}: ${text}`);
    return data;
  };
}

/**
 * Runs named steps against `page`: console errors fail the step they happen in, a failure skips
 * the rest and leaves a screenshot. `summary()` prints `N passed, M failed` and gives the exit code.
 */
export async function createRunner(page) {
  await mkdir(screenshotDir, { recursive: true });
  const results = [];
  const browserErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));
  const shot = (name) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });

  const step = async (name, run, { allowHttpErrors = false } = {}) => {
    if (results.some((r) => !r.ok)) {
      results.push({ name, ok: false, skipped: true });
      console.log(`- ${name} (skipped after an earlier failure)`);
      return;
    }
    browserErrors.length = 0;
    const started = Date.now();
    try {
      await run();
      const errors = allowHttpErrors
        ? browserErrors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))
        : browserErrors;
      expect(errors.length === 0, `errors in the browser console:\n    ${errors.join('\n    ')}`);
      results.push({ name, ok: true });
      console.log(`✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false });
      const details = [String(error.message ?? error), ...browserErrors].join('\n');
      console.log(`✗ ${name}\n    ${details.split('\n').join('\n    ')}`);
      await shot(`failure-${results.length}`).catch(() => undefined);
    }
  };

  const summary = () => {
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    console.log(`\n${passed} passed, ${failed} failed`);
    return failed === 0 ? 0 : 1;
  };

  return { step, shot, summary };
}
