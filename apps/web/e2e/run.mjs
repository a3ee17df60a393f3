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

    const publishVersion = async (version) => {
      await page.goto('/prompts/e2e-poem');
      const row = page.locator('.ant-table-tbody tr', { hasText: `v${version}` });
      await row.getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menuitem', { name: 'Publish' }).click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Publish' }).click();
      await page.getByText(`Version ${version} published`).waitFor();
      await row.getByText('Published').waitFor();
    };
    /** Opens the antd Select of a labelled form field. */
    const openSelect = async (container, label) => {
      await container.locator('.ant-form-item', { hasText: label }).locator('.ant-select-selector').click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor();
    };
    const prodCard = () => page.getByTestId('env-card-prod');
    const deployTo = async (card, version, note) => {
      await card.getByRole('button', { name: 'Deploy' }).click();
      const dialog = page.getByRole('dialog', { name: /Deploy to/ });
      await openSelect(dialog, 'Version');
      await page.locator('.ant-select-item-option', { hasText: `v${version} ·` }).click();
      if (note) await dialog.getByLabel('Note').fill(note);
      await dialog.getByRole('button', { name: 'Deploy' }).click();
      await page.getByText(new RegExp(`v${version} is now live`)).waitFor();
      await dialog.waitFor({ state: 'hidden' });
    };
    let webhookUrl;

    await step('deploys a published version to prod, which only offers published versions', async () => {
      await publishVersion(1);
      await page.getByRole('tab', { name: 'Deployments' }).click();
      await page.waitForURL(/\/deployments$/);
      await prodCard().getByText('Protected').waitFor();
      await prodCard().getByText('Nothing deployed').waitFor();
      await prodCard().getByRole('button', { name: 'Deploy' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deploy to prod' });
      await dialog.getByText('prod is protected').waitFor();
      await openSelect(dialog, 'Version');
      const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await options.first().waitFor();
      const labels = await options.allInnerTexts();
      expect(labels.length === 1 && labels[0].startsWith('v1'), `prod offers drafts: ${labels.join(' | ')}`);
      await options.first().click();
      await dialog.getByLabel('Note').fill('first release');
      await shot('11-deploy-modal');
      await dialog.getByRole('button', { name: 'Deploy' }).click();
      await page.getByText('v1 is now live in prod').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      const active = prodCard().getByTestId('active-version');
      await active.getByText('v1', { exact: true }).waitFor();
      await active.getByText(ADMIN.email).waitFor();
      await active.getByText('first release').waitFor();
      await prodCard().getByTestId('deployment-history').getByText('Deployed').waitFor();
    });

    await step('rolls prod back to the previous version after confirmation', async () => {
      await publishVersion(2);
      await page.getByRole('tab', { name: 'Deployments' }).click();
      await deployTo(prodCard(), 2, 'add language');
      await prodCard().getByTestId('active-version').getByText('v2', { exact: true }).waitFor();
      await shot('12-deployments');
      await prodCard().getByRole('button', { name: 'Roll back to v1' }).click();
      await page.locator('.ant-modal-confirm-title', { hasText: 'Roll back prod to v1?' }).waitFor();
      await shot('13-rollback-confirm');
      await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Roll back' }).click();
      await page.getByText('prod rolled back to v1').waitFor();
      await prodCard().getByTestId('active-version').getByText('v1', { exact: true }).waitFor();
      await prodCard().getByTestId('deployment-history').getByText('Rolled back').waitFor();
    });

    await step('creates a webhook whose URL renders what prod serves, as JSON and as a form', async () => {
      await prodCard().getByRole('tab', { name: 'Webhook' }).click();
      await prodCard().getByRole('button', { name: 'Create webhook' }).click();
      await page.getByText('Webhook created').waitFor();
      const field = prodCard().getByTestId('webhook-url');
      await field.waitFor();
      webhookUrl = await field.inputValue();
      expect(/\/api\/webhooks\/[\w-]{40,}$/.test(webhookUrl), `unexpected webhook URL: ${webhookUrl}`);
      await prodCard().getByTestId('curl-json').getByText('Content-Type: application/json').waitFor();
      await shot('14-webhook');
      const asJson = await fetch(`${webhookUrl}?mode=render`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ style: 'haiku', topic: 'autumn' }),
      });
      const json = await asJson.json();
      expect(asJson.status === 200, `the webhook answered ${asJson.status}: ${JSON.stringify(json)}`);
      expect(json.version === 1 && json.text === 'Write a haiku poem about autumn.', `JSON: ${JSON.stringify(json)}`);
      const asForm = await fetch(`${webhookUrl}?mode=render`, {
        method: 'POST',
        body: new URLSearchParams({ style: 'limerick', topic: 'tea' }),
      });
      const form = await asForm.json();
      expect(form.text === 'Write a limerick poem about tea.', `form: ${JSON.stringify(form)}`);
      await prodCard().locator('.ant-segmented-item', { hasText: 'Zapier' }).click();
      await prodCard().getByText('Webhooks by Zapier → POST').waitFor();
    });

    await step('rotates the webhook after confirmation and the old URL stops working', async () => {
      await prodCard().getByRole('button', { name: 'Rotate' }).click();
      await page.locator('.ant-modal-confirm-content', { hasText: 'the old URL stops working at once' }).waitFor();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: 'Rotate' }).click();
      await page.getByText('New webhook URL created').waitFor();
      const field = prodCard().getByTestId('webhook-url');
      for (let i = 0; (await field.inputValue()) === webhookUrl; i++) {
        expect(i < 50, 'the webhook URL did not change after rotating');
        await page.waitForTimeout(100);
      }
      const old = await fetch(`${webhookUrl}?mode=render`, {
        method: 'POST',
        body: new URLSearchParams({ topic: 'x' }),
      });
      expect(old.status === 404, `the old webhook URL answered ${old.status}`);
      webhookUrl = await field.inputValue();
    });

    await step('adds a custom environment from the Deployments tab', async () => {
      await page.getByRole('button', { name: 'Add environment' }).click();
      const dialog = page.getByRole('dialog', { name: 'New environment' });
      await dialog.getByLabel('Name').fill('Tenant Acme');
      await dialog.getByText('Use lowercase letters').waitFor();
      await dialog.getByLabel('Name').fill('tenant-acme');
      await dialog.getByText('Use lowercase letters').waitFor({ state: 'detached' });
      await dialog.getByLabel('Description').fill('Acme Corp, A/B arm B');
      await shot('15-add-environment');
      await dialog.getByRole('button', { name: 'Add environment' }).click();
      await page.getByText('Environment “tenant-acme” added').waitFor();
      const card = page.getByTestId('env-card-tenant-acme');
      await card.getByText('Acme Corp, A/B arm B').waitFor();
      await deployTo(card, 2);
      await card.getByTestId('active-version').getByText('v2', { exact: true }).waitFor();
    });

    await step('creates an API key, shows its secret once, and the key renders prod', async () => {
      await page.locator('.ant-menu').getByText('API keys').click();
      await page.waitForURL(/\/api-keys$/);
      await page.getByText('No API keys yet').waitFor();
      await shot('16-api-keys-empty');
      await page.getByRole('button', { name: 'Create your first API key' }).click();
      const dialog = page.getByRole('dialog', { name: 'New API key' });
      await dialog.getByLabel('Name').fill('checkout-service');
      await openSelect(dialog, 'Environment');
      await page.locator('.ant-select-item-option', { hasText: 'prod' }).click();
      await shot('17-api-key-create');
      await dialog.getByRole('button', { name: 'Create API key' }).click();
      const secretDialog = page.getByRole('dialog', { name: /created/ });
      await secretDialog.getByText('It is shown only once').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      const key = await secretDialog.getByTestId('api-key-secret').inputValue();
      expect(key.length >= 32, `the secret looks too short: ${key}`);
      await shot('18-api-key-secret');
      await secretDialog.getByRole('button', { name: 'I have copied the key' }).click();
      await secretDialog.waitFor({ state: 'hidden' });
      const row = page.locator('.ant-table-tbody tr', { hasText: 'checkout-service' });
      await row.getByText('Active').waitFor();
      const masked = await row.locator('.key-mask').innerText();
      expect(!masked.includes(key) && key.endsWith(masked.split('…')[1]), `the key is not masked: ${masked}`);
      await shot('19-api-keys');
      const rendered = await fetch(`${api.baseUrl}/api/v1/prompts/e2e-poem/render`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-API-Key': key },
        body: JSON.stringify({ variables: { style: 'haiku', topic: 'rain' } }),
      });
      const body = await rendered.json();
      expect(rendered.status === 200 && body.version === 1 && body.environment === 'prod', JSON.stringify(body));
      globalThis.e2eApiKey = key;
    });

    await step('revokes the API key after confirmation and the key is refused', async () => {
      const row = page.locator('.ant-table-tbody tr', { hasText: 'checkout-service' });
      await row.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText('Revoke “checkout-service”?').waitFor();
      await page.locator('.ant-popconfirm').getByRole('button', { name: 'Revoke' }).click();
      await row.getByText('Revoked').waitFor();
      const refused = await fetch(`${api.baseUrl}/api/v1/prompts/e2e-poem/render`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-API-Key': globalThis.e2eApiKey },
        body: JSON.stringify({ variables: { style: 'haiku', topic: 'rain' } }),
      });
      expect(refused.status === 401, `a revoked key answered ${refused.status}`);
    });

    await step('turns the prompt into a chat version with a system message and previews it as bubbles', async () => {
      await page.goto('/prompts/e2e-poem/editor');
      await page.locator('.ant-segmented-item', { hasText: 'Chat' }).click();
      const chat = page.getByTestId('chat-editor');
      await chat.locator('.monaco-editor').nth(1).waitFor();
      await chat.locator('.monaco-editor').first().click();
      await page.keyboard.insertText('You are a {{ tone }} poet.');
      await page.getByTestId('variables-panel').getByText('tone', { exact: true }).waitFor();
      await page.getByText('Variables (4)').waitFor();
      await page.getByRole('button', { name: 'Add message' }).click();
      await chat.locator('.monaco-editor').nth(2).waitFor();
      await chat.getByRole('button', { name: 'Remove message' }).nth(2).click();
      await page.getByLabel('Comment').fill('chat version');
      await shot('20-chat-editor');
      await page.keyboard.press('ControlOrMeta+S');
      await page.getByText('Saved as version 3').waitFor();
      await page.getByRole('tab', { name: 'Preview' }).click();
      await page.waitForURL(/\/preview$/);
      const form = page.getByTestId('preview-form');
      await form.getByLabel('tone').fill('gentle');
      await form.getByLabel('style').fill('haiku');
      await form.getByLabel('topic').fill('snow');
      await form.getByLabel('language').fill('English');
      const bubbles = page.getByTestId('chat-bubble');
      await bubbles.first().getByText('You are a gentle poet.').waitFor();
      expect((await bubbles.count()) === 2, `expected 2 bubbles, found ${await bubbles.count()}`);
      await page.getByTestId('render-on-server').click();
      await page.getByText('Server render of v3').waitFor();
      await bubbles.nth(1).locator('strong', { hasText: 'haiku' }).waitFor();
      await shot('21-chat-preview');
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
      await page.goto('/prompts/e2e-poem/deployments');
      await page.getByTestId('env-card-prod').getByText('受保护').waitFor();
      await page.getByTestId('env-card-prod').getByRole('tab', { name: 'Webhook' }).click();
      await shot('22-deployments-zh');
      await page.goto('/api-keys');
      await page.locator('.ant-menu').getByText('API 密钥').waitFor();
      await page.getByText('已吊销').waitFor();
      await shot('23-api-keys-zh');
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
      // The button's loading icon may still be fading out (and naming itself) when it is clicked.
      await row.getByRole('button', { name: /启\s?用$/ }).click();
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
