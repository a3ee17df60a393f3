/**
 * Browser tests of the admin console's main flows, against the real API on a throw-away SQLite file.
 * Assumes `npm run build` has been run. Prints `N passed, M failed`; exits non-zero on any failure.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));
const ADMIN = { email: 'admin@e2e.test', password: 'e2e-password-123' };
const TIMEOUT_MS = 15_000;
/** The API build to test against; another build can be named with PROMPTOPS_API_MAIN. */
const apiMain = process.env.PROMPTOPS_API_MAIN ?? join(root, 'apps/api/dist/main.js');

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function startApi(dataDir) {
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
      WEB_DIST_DIR: join(root, 'apps/web/dist'),
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

async function stopApi(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Fails with `message` unless `condition` holds. */
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  if (!existsSync(join(root, 'apps/web/dist/index.html')) || !existsSync(apiMain)) {
    console.error('The console or the API is not built: run `npm run build` first.');
    process.exit(2);
  }
  await mkdir(screenshotDir, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-e2e-'));
  let api;
  let browser;
  const results = [];
  try {
    api = await startApi(dataDir);
    browser = await chromium.launch({
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
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);

    // Every console error or uncaught exception fails the step it happens in, unless that step
    // provokes an HTTP error on purpose (the browser logs refused requests as console errors).
    const browserErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') browserErrors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserErrors.push(`page error: ${error.message}`));

    const shot = (name) => page.screenshot({ path: join(screenshotDir, `${name}.png`) });
    const editor = (testId = 'template-editor') => page.locator(`[data-testid="${testId}"] .monaco-editor`).first();
    const replaceTemplate = async (text) => {
      await editor().click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
    };

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

    await step(
      'refuses a wrong password with a clear message',
      async () => {
        await page.goto('/prompts');
        await page.waitForURL(/\/login\?next=/);
        await page.getByLabel('Email').fill(ADMIN.email);
        await page.getByLabel('Password').fill('not-the-password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('.ant-alert-error').waitFor();
      },
      { allowHttpErrors: true },
    );

    await step('signs in and lands on the prompt list with the demo prompts', async () => {
      await page.getByLabel('Password').fill(ADMIN.password);
      await shot('01-login');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/prompts$/);
      await page.getByText('support-reply', { exact: true }).waitFor();
      await page.getByRole('button', { name: /admin/i }).waitFor();
      await shot('02-prompt-list');
    });

    await step('keeps the search in the URL and filters the table', async () => {
      await page.getByPlaceholder('Search by name or display name').fill('meeting');
      await page.waitForURL(/search=meeting/);
      await page.getByText('meeting-summary', { exact: true }).waitFor();
      await page.getByText('support-reply', { exact: true }).waitFor({ state: 'detached' });
      await page.getByPlaceholder('Search by name or display name').fill('');
      await page.waitForURL(/\/prompts$/);
      await page.getByText('support-reply', { exact: true }).waitFor();
    });

    await step('creates a prompt, validating its name as it is typed', async () => {
      await page.getByRole('button', { name: 'New prompt' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Name', { exact: true }).fill('Bad Name');
      await dialog.getByText('Use lowercase letters, digits').waitFor();
      await dialog.getByLabel('Name', { exact: true }).fill('e2e-poem');
      await dialog.getByText('Use lowercase letters, digits').waitFor({ state: 'detached' });
      await dialog.getByLabel('Display name').fill('E2E poem');
      await dialog.getByLabel('Description').fill('Created by the browser tests');
      await dialog.getByLabel('Folder').fill('tests/e2e');
      await dialog.getByLabel('First template').fill('Write a {{ style }} poem about {{ topic }}.');
      await shot('03-create-prompt');
      await dialog.getByRole('button', { name: 'Create prompt' }).click();
      await page.waitForURL(/\/prompts\/e2e-poem\/editor$/);
      const panel = page.getByTestId('variables-panel');
      await panel.getByText('style', { exact: true }).waitFor();
      await panel.getByText('topic', { exact: true }).waitFor();
    });

    await step('marks a syntax error in the editor at its line', async () => {
      await replaceTemplate('Hello\n{% if topic %}\nno end');
      const error = page.getByTestId('syntax-error');
      await error.waitFor();
      const text = await error.innerText();
      expect(/line \d/.test(text), `the syntax error does not name its line: ${text}`);
      await page.locator('.squiggly-error').first().waitFor();
    });

    await step('edits the prompt into version 2 and the variables panel picks up the new variable', async () => {
      await replaceTemplate(
        '# Poem\n\nWrite a **{{ style }}** poem about {{ topic }}, in {{ language }}.\n\n- keep it short',
      );
      await page.getByTestId('syntax-error').waitFor({ state: 'detached' });
      await page.getByTestId('variables-panel').getByText('language', { exact: true }).waitFor();
      await page.getByText('Variables (3)').waitFor();
      await page.getByLabel('Comment').fill('add language');
      await shot('04-editor');
      await page.keyboard.press('ControlOrMeta+S');
      await page.getByText('Saved as version 2').waitFor();
      await page.waitForURL(/editor\?from=2/);
    });

    await step('asks before leaving the editor with unsaved changes', async () => {
      await replaceTemplate('Unsaved {{ draft }}');
      await page.getByRole('tab', { name: 'Versions' }).click();
      await page.locator('.ant-modal-confirm-title', { hasText: 'Discard unsaved changes?' }).waitFor();
      await page.getByRole('button', { name: 'Keep editing' }).click();
      expect(page.url().includes('/editor'), 'the editor was left despite "Keep editing"');
      await page.getByRole('tab', { name: 'Versions' }).click();
      await page.getByRole('button', { name: 'Discard' }).click();
      await page.waitForURL(/\/prompts\/e2e-poem$/);
    });

    await step('lists both versions with the latest badge', async () => {
      const rows = page.locator('.ant-table-tbody tr');
      await page.getByText('add language').waitFor();
      expect((await rows.count()) === 2, `expected 2 versions, found ${await rows.count()}`);
      await page.locator('.ant-table-tbody').getByText('Latest').waitFor();
      await shot('05-versions');
    });

    await step('previews version 2 with the generated form and shows the Markdown', async () => {
      await page.getByRole('tab', { name: 'Preview' }).click();
      await page.waitForURL(/\/preview$/);
      const form = page.getByTestId('preview-form');
      await form.getByLabel('topic').fill('autumn');
      await form.getByLabel('style').fill('haiku');
      await page.getByText('Fill in 1 required variable(s)').waitFor();
      await form.getByLabel('language').fill('French');
      const markdown = page.getByTestId('rendered-markdown');
      await markdown.locator('h1', { hasText: 'Poem' }).waitFor();
      await markdown.locator('strong', { hasText: 'haiku' }).waitFor();
      await markdown.locator('li', { hasText: 'keep it short' }).waitFor();
      await page.getByTestId('render-on-server').click();
      await page.getByText('Server render of v2').waitFor();
      await markdown.getByText('in French').waitFor();
      await shot('06-preview');
      await page.getByText('Raw text').click();
      const raw = await page.getByTestId('rendered-raw').innerText();
      expect(raw.startsWith('# Poem'), `raw output does not show the source text: ${raw}`);
    });

    await step('compares versions 1 and 2 side by side with the variable changes', async () => {
      await page.getByRole('tab', { name: 'Diff' }).click();
      await page.waitForURL(/\/diff$/);
      await page.locator('[data-testid="template-diff"] .monaco-diff-editor').waitFor();
      await page.getByTestId('diff-stats').waitFor();
      await page.getByText('Version 1', { exact: true }).waitFor();
      await page.getByText('Version 2', { exact: true }).waitFor();
      const variables = page.locator('.ant-card', { hasText: 'Variables' }).last();
      await variables.getByText('language', { exact: true }).waitFor();
      await variables.getByText('Added').waitFor();
      await page.locator('.line-insert').first().waitFor();
      await shot('07-diff');
    });

    await step('switches to Chinese, remembers it and shows the menu in Chinese', async () => {
      await page.locator('.language-switch').click();
      await page.getByText('简体中文').click();
      await page.getByRole('tab', { name: '对比' }).waitFor();
      await page.goto('/prompts');
      await page.locator('.ant-menu').getByText('提示词').waitFor();
      await page.getByRole('button', { name: '新建提示词' }).waitFor();
      await page.getByText('共 4 个提示词').waitFor();
      await shot('08-prompt-list-zh');
      await page.setViewportSize({ width: 1280, height: 720 });
      await shot('10-prompt-list-zh-1280');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('/prompts/e2e-poem/editor');
      await page.getByText('保存为新版本').waitFor();
      await shot('09-editor-zh');
    });

    await step('disables a prompt after confirmation', async () => {
      await page.goto('/prompts');
      const row = page.locator('.ant-table-tbody tr', { hasText: 'e2e-poem' });
      await row.getByRole('button', { name: /^停\s?用$/ }).click();
      await page.getByText('停用“e2e-poem”？').waitFor();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /^停\s?用$/ })
        .click();
      await row.getByText('已停用').waitFor();
      await row.getByRole('button', { name: /^启\s?用$/ }).click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /^启\s?用$/ })
        .click();
      await row.getByText('已启用').waitFor();
    });

    await step(
      'returns to the sign-in page when the session expires',
      async () => {
        await page.evaluate(() => localStorage.setItem('promptops.token', 'expired-token'));
        await page.goto('/prompts/e2e-poem');
        await page.waitForURL(/\/login\?next=/);
        await page.getByText('登录已过期，请重新登录。').waitFor();
      },
      { allowHttpErrors: true },
    );

    await step('signs out', async () => {
      await page.getByLabel('邮箱').fill(ADMIN.email);
      await page.getByLabel('密码').fill(ADMIN.password);
      await page.getByRole('button', { name: /^登\s?录$/ }).click();
      await page.waitForURL(/\/prompts\/e2e-poem$/);
      await page.getByTestId('user-menu').click();
      await page.getByText('退出登录').click();
      await page.waitForURL(/\/login/);
    });
  } catch (error) {
    results.push({ name: 'set-up', ok: false });
    console.error(error);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopApi(api?.child);
    await rm(dataDir, { recursive: true, force: true });
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\nScreenshots: ${screenshotDir}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
