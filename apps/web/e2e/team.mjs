/**
 * Browser tests of the team features: users and roles, what each role may do, debug mode,
 * the audit log and a prompt's history. Against the real API on a throw-away SQLite file; the
 * console build comes from E2E_WEB_DIST (default apps/web/dist). Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ADMIN,
  TIMEOUT_MS,
  apiClient,
  apiMain,
  createRunner,
  expect,
  launchChromium,
  startApi,
  stopApi,
  webDist,
} from './lib.mjs';

const PROMPT = 'team-greeting';
const EDITOR = { email: 'erin.editor@e2e.test', name: 'Erin Editor' };
const VIEWER = { email: 'victor.viewer@e2e.test', name: 'Victor Viewer' };

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-team-e2e-'));
  let api;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    const { token: adminToken } = await signInThroughApi(api.baseUrl, ADMIN);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${adminToken}` });

    // A prompt whose prod serves v1 (with a webhook) while a newer draft v2 waits, and the key
    // the business backend uses, which may serve drafts to users in debug mode.
    await admin('POST', '/api/v1/prompts', {
      name: PROMPT,
      displayName: 'Team greeting',
      template: 'Hello from prod, {{ who }}',
      status: 'published',
    });
    await admin('PUT', `/api/v1/prompts/${PROMPT}/deployments/prod`, { version: 1 });
    await admin('POST', `/api/v1/prompts/${PROMPT}/deployments/prod/webhook-secret`, {});
    await admin('POST', `/api/v1/prompts/${PROMPT}/versions`, { template: 'Hello from the draft, {{ who }}' });
    await admin('POST', '/api/v1/providers', {
      name: 'team-llm',
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:9/v1',
      models: [{ id: 'team-model' }],
    });
    const { key } = await admin('POST', '/api/v1/api-keys', {
      name: 'team e2e',
      scopes: ['render'],
      serveDebugDrafts: true,
      rateLimitPerMinute: 600,
    });
    const render = (userId) =>
      apiClient(api.baseUrl, { 'x-api-key': key })('POST', `/api/v1/prompts/${PROMPT}/render`, {
        variables: { who: 'you' },
        ...(userId ? { userId } : {}),
      });

    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.baseUrl });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);

    const signIn = async ({ email, password }) => {
      await page.evaluate(() => localStorage.removeItem('promptops.token'));
      await page.goto('/login');
      await page.locator('#email').fill(email);
      await page.locator('#password').fill(password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
    };
    const setLanguage = async (language) => {
      await page.evaluate((value) => localStorage.setItem('promptops.language', value), language);
      await page.reload();
    };
    const tooltip = async (selector, text) => {
      await page.locator(selector).first().hover();
      const tip = page.locator('.ant-tooltip:not(.ant-tooltip-hidden)').filter({ hasText: text });
      await tip.waitFor();
    };
    const addUser = async (user, role) => {
      await page.getByRole('button', { name: 'Add user' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Email').fill(user.email);
      await dialog.getByLabel('Name').fill(user.name);
      await dialog.getByTestId('role-select').click();
      await page.getByTestId(`role-option-${role}`).click();
      if (role === 'editor') await shot('team-01-create-user');
      await dialog.getByRole('button', { name: 'Add user' }).click();
      const secret = page.getByTestId('temporary-password');
      await secret.waitFor();
      const password = await secret.inputValue();
      expect(password.length >= 10, `the temporary password is too short: ${password}`);
      if (role === 'editor') await shot('team-02-temporary-password');
      await page.getByRole('button', { name: 'I have copied the password' }).click();
      await secret.waitFor({ state: 'hidden' });
      await page.getByTestId('users-table').getByText(user.email).waitFor();
      return password;
    };

    await page.goto('/login');

    await step('an admin adds an editor and a viewer, each password shown once', async () => {
      await signIn(ADMIN);
      await page.getByRole('menuitem', { name: 'Users' }).click();
      await page.waitForURL(/\/users$/);
      EDITOR.password = await addUser(EDITOR, 'editor');
      VIEWER.password = await addUser(VIEWER, 'viewer');
      const row = page.getByTestId('users-table').locator('tr', { hasText: VIEWER.email });
      await row.getByText('Viewer', { exact: true }).waitFor();
      await shot('team-03-users');
    });

    await step('the viewer sees no admin pages and create/publish disabled, with the reason on hover', async () => {
      await signIn(VIEWER);
      const menu = page.locator('.ant-layout-sider');
      await menu.getByText('Prompts').waitFor();
      // Until the signed-in user has loaded, the menu offers everything.
      await page.getByTestId('user-menu').getByText(VIEWER.name).waitFor();
      for (const hidden of ['Users', 'Audit log', 'API keys', 'Providers']) {
        expect((await menu.getByText(hidden, { exact: true }).count()) === 0, `the viewer sees “${hidden}”`);
      }
      expect((await page.getByTestId('debug-mode-switch').count()) === 0, 'the viewer sees the debug switch');
      expect(await page.getByRole('button', { name: 'New prompt' }).isDisabled(), 'the viewer can click “New prompt”');
      await tooltip('[data-denied="prompt:edit"]', 'Needs the prompt:edit permission — your role is Viewer');
      await shot('team-04-viewer-create-disabled');

      await page.goto(`/prompts/${PROMPT}`);
      await page.getByRole('button', { name: 'More actions' }).first().click();
      const publish = page.getByRole('menuitem', { name: 'Publish' });
      await publish.waitFor();
      expect((await publish.getAttribute('aria-disabled')) === 'true', 'the viewer can publish');
      await tooltip('.ant-dropdown [data-denied="prompt:publish"]', 'Needs the prompt:publish permission');
      await shot('team-05-viewer-publish-disabled');
      await page.keyboard.press('Escape');
    });

    await step(
      'the viewer sees the providers with every change disabled, and cannot run in the Playground',
      async () => {
        await page.goto('/providers');
        const row = page.locator('.ant-table-tbody tr', { hasText: 'team-llm' });
        await row.getByText('team-model').waitFor();
        expect(await page.getByRole('button', { name: 'Add provider' }).isDisabled(), 'the viewer can add a provider');
        for (const name of ['Edit', 'Test', 'Delete']) {
          expect(await row.getByRole('button', { name }).isDisabled(), `the viewer can click “${name}”`);
        }
        await row.locator('[data-denied="admin:providers"]').last().click({ force: true });
        await page.waitForTimeout(300);
        expect((await page.locator('.ant-popconfirm:visible').count()) === 0, 'Delete opened its dialog for a viewer');
        await tooltip('.ant-table-tbody [data-denied="admin:providers"]', 'Needs the admin:providers permission');
        await shot('team-04b-viewer-providers');
        await page.goto(`/playground?prompt=${PROMPT}`);
        await page.getByTestId('playground-form').waitFor();
        expect(await page.getByTestId('run').isDisabled(), 'the viewer can run in the Playground');
      },
    );

    await step('the viewer sees that prod has a webhook, but not its secret URL', async () => {
      await page.goto(`/prompts/${PROMPT}/deployments`);
      const prod = page.getByTestId('env-card-prod');
      await prod.getByRole('tab', { name: 'Webhook' }).click();
      await prod.getByTestId('webhook-hidden').getByText('A webhook is active for prod.').waitFor();
      expect((await prod.getByTestId('webhook-url').count()) === 0, 'the viewer sees the webhook URL');
      await shot('team-05b-viewer-webhook-hidden');
    });

    await step('the viewer reads the prompt’s history', async () => {
      await page.goto(`/prompts/${PROMPT}/history`);
      const history = page.getByTestId('prompt-history');
      await history.getByText('deployment.deploy').waitFor();
      await history.getByText('version.create').first().waitFor();
    });

    await step('the editor switches debug mode on and sees the banner', async () => {
      await signIn({ email: EDITOR.email, password: EDITOR.password });
      await page.getByTestId('debug-mode-switch').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('.ant-modal-confirm-title').getByText('Turn on debug mode?').waitFor();
      await dialog.getByText('X-PromptOps-User').waitFor();
      await shot('team-06-debug-confirm');
      await dialog.getByRole('button', { name: 'Turn on' }).click();
      await page.getByTestId('debug-mode-banner').waitFor();
      await page.getByTestId('debug-mode-banner').getByText('Debug mode is on until').waitFor();
      await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
      await shot('team-07-debug-banner');
    });

    await step('a call made as the editor gets the draft; anyone else gets prod', async () => {
      const mine = await render(EDITOR.email);
      expect(mine.resolvedBy === 'debug', `resolvedBy is ${mine.resolvedBy}, not debug`);
      expect(mine.version === 2 && /draft/.test(mine.text), `the editor got v${mine.version}: ${mine.text}`);
      const theirs = await render(VIEWER.email);
      expect(
        theirs.resolvedBy !== 'debug' && theirs.version === 1,
        `the viewer got v${theirs.version} (${theirs.resolvedBy})`,
      );
    });

    await step('the editor cannot publish but saves drafts, then turns debug mode off', async () => {
      await page.goto(`/prompts/${PROMPT}`);
      await page.getByRole('button', { name: 'More actions' }).first().click();
      const publish = page.getByRole('menuitem', { name: 'Publish' });
      expect((await publish.getAttribute('aria-disabled')) === 'true', 'the editor can publish');
      expect(
        (await page.getByRole('menuitem', { name: 'Clone' }).getAttribute('aria-disabled')) !== 'true',
        'the editor cannot clone',
      );
      await page.keyboard.press('Escape');
      await page.goto(`/prompts/${PROMPT}/deployments`);
      const prod = page.getByTestId('env-card-prod');
      expect(await prod.getByRole('button', { name: /Deploy/ }).isDisabled(), 'the editor can deploy to prod');
      await page.getByTestId('debug-mode-banner').getByRole('button', { name: 'Turn off' }).click();
      await page.getByTestId('debug-mode-banner').waitFor({ state: 'detached' });
      const after = await render(EDITOR.email);
      expect(
        after.resolvedBy !== 'debug' && after.version === 1,
        `after debug mode: v${after.version} (${after.resolvedBy})`,
      );
    });

    await step('the editor changes their own password', async () => {
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Change password' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Current password').fill(EDITOR.password);
      await dialog.getByLabel('New password', { exact: true }).fill('erin-new-password-1');
      await dialog.getByLabel('Repeat the new password').fill('erin-new-password-1');
      await shot('team-08-change-password');
      await dialog.getByRole('button', { name: 'Change password' }).click();
      await page.getByText('Password changed').waitFor();
      // Every session of the editor ended, this one too: back to the sign-in page.
      await page.waitForURL(/\/login/);
      EDITOR.password = 'erin-new-password-1';
      await signIn(EDITOR);
    });

    await step('the admin finds it all in the audit log, filters it and reads a change', async () => {
      await signIn(ADMIN);
      await page.getByRole('menuitem', { name: 'Audit log' }).click();
      await page.waitForURL(/\/audit$/);
      const table = page.getByTestId('audit-table');
      await table.getByText('user.create').first().waitFor();
      await table.getByText('debug_mode.on').waitFor();
      await table.getByText('debug_mode.off').waitFor();
      await page.getByLabel('Actor email').fill(EDITOR.email);
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForURL((url) => url.searchParams.get('actor') === EDITOR.email);
      await table.getByText('user.create').first().waitFor({ state: 'detached' });
      await table.getByText('debug_mode.on').click();
      await page.getByTestId('audit-summary').first().waitFor();
      await shot('team-09-audit');
      await page.reload();
      expect(
        (await page.getByLabel('Actor email').inputValue()) === EDITOR.email,
        'the filter did not survive a reload',
      );
    });

    await step('the audit log hides sign-ins until asked, and groups the entries by target', async () => {
      await page.goto('/audit');
      const table = page.getByTestId('audit-table');
      await table.getByText('user.create').first().waitFor();
      // Everyone signed in several times by now; none of it shows by default.
      expect((await table.getByText('auth.login', { exact: true }).count()) === 0, 'sign-ins shown by default');
      await page.getByTestId('include-sign-ins').click();
      await page.waitForURL((url) => url.searchParams.get('includeSignIns') === 'true');
      await table.getByText('auth.login', { exact: true }).first().waitFor();
      await page.getByTestId('include-sign-ins').click();
      await page.waitForURL((url) => !url.searchParams.has('includeSignIns'));

      await page.getByTestId('audit-view').getByText('By target').click();
      await page.waitForURL((url) => url.searchParams.get('view') === 'targets');
      const targets = page.getByTestId('audit-targets');
      const row = targets
        .locator('.ant-table-tbody tr')
        .filter({ has: page.locator('.mono', { hasText: new RegExp(`^${PROMPT}$`) }) });
      const grouped = await admin('GET', '/api/v1/audit/targets?pageSize=100');
      const { entries } = grouped.items.find((g) => g.targetType === 'prompt' && g.targetId === PROMPT);
      expect(entries > 1, `the prompt was changed more than once: ${entries}`);
      await row.getByRole('cell', { name: String(entries), exact: true }).waitFor();
      await shot('team-09a-audit-by-target');
      await page.setViewportSize({ width: 1024, height: 768 });
      // The action column stays in view at 1024 px.
      await row.getByRole('button', { name: 'Show entries' }).waitFor();
      await shot('team-09b-audit-by-target-1024');
      await page.setViewportSize({ width: 1440, height: 900 });
      await row.getByRole('button', { name: 'Show entries' }).click();
      await page.waitForURL(
        (url) =>
          url.searchParams.get('targetId') === PROMPT &&
          url.searchParams.get('targetType') === 'prompt' &&
          !url.searchParams.has('view'),
      );
      // The previous page stays in view until the filtered one arrives: wait for the count.
      const history = await admin('GET', `/api/v1/audit?targetType=prompt&targetId=${PROMPT}`);
      await page.getByText(`${history.total} entries`).waitFor();
      await table.getByText('prompt.create').waitFor();
      expect((await page.getByLabel('Target id').inputValue()) === PROMPT, 'the filter form does not show the target');
    });

    await step('the prompt’s History tab lists its changes', async () => {
      await page.goto(`/prompts/${PROMPT}/history`);
      const history = page.getByTestId('prompt-history');
      await history.getByText('prompt.create').waitFor();
      await history.getByText('deployment.deploy').click();
      await history.getByTestId('audit-summary').waitFor();
      await shot('team-10-history');
    });

    await step('the new screens in Chinese', async () => {
      await setLanguage('zh');
      await page.goto('/users');
      await page.getByTestId('users-table').getByText(EDITOR.email).waitFor();
      await page.getByText('添加用户').waitFor();
      await shot('team-zh-01-users');
      await page.goto('/audit');
      await page.getByTestId('audit-table').getByText('用户 · ').first().waitFor();
      await page.getByTestId('audit-table').getByText('user.create').first().click();
      await page.getByTestId('audit-summary').first().waitFor();
      await shot('team-zh-02-audit');
      await page.goto(`/prompts/${PROMPT}/history`);
      await page.getByTestId('prompt-history').getByText('deployment.deploy').waitFor();
      await shot('team-zh-03-history');
      await page.getByTestId('debug-mode-switch').click();
      await page.locator('.ant-modal-confirm-title').getByText('开启调试模式？').waitFor();
      await shot('team-zh-04-debug-confirm');
      await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
      await page.getByTestId('debug-mode-banner').waitFor();
      await page.locator('.ant-modal-confirm').waitFor({ state: 'hidden' });
      await shot('team-zh-05-debug-banner');
      await page.getByTestId('debug-mode-banner').getByRole('button').click();
      await page.getByTestId('debug-mode-banner').waitFor({ state: 'detached' });
      await signIn(VIEWER);
      await page
        .getByRole('button', { name: /新建提示词|新建/ })
        .first()
        .waitFor();
      await tooltip('[data-denied="prompt:edit"]', '需要 prompt:edit 权限');
      await shot('team-zh-06-viewer-disabled');
      await setLanguage('en');
    });

    exitCode = summary();
  } catch (error) {
    console.error(error);
  } finally {
    await browser?.close();
    await stopApi(api?.child);
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

async function signInThroughApi(baseUrl, { email, password }) {
  const data = await apiClient(baseUrl)('POST', '/api/v1/auth/login', { email, password }, [200]);
  return { token: data.accessToken };
}

await main();
