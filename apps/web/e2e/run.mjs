/**
 * Browser tests of the admin console's main flows, against the real API on a throw-away SQLite file.
 * Assumes `npm run build` has been run. Prints `N passed, M failed`; exits non-zero on any failure.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeLlmServer } from '../../api/test/fake-llm/fake-llm-server.js';
import {
  ADMIN,
  apiClient,
  apiMain,
  createRunner,
  expect,
  launchChromium,
  root,
  screenshotDir,
  startApi,
  stopApi,
  TIMEOUT_MS,
} from './lib.mjs';

/** Answers of the fake models the provider is set up with; `fake-drip` streams a word every 300 ms. */
const FAKE_ANSWERS = {
  'fake-fast':
    '# Summary\n\n- **Budget** approved for Q3\n- Launch moves to *Friday*\n\n| Owner | Task |\n| --- | --- |\n| Ana | Slides |',
  'fake-alt': '## Alternative take\n\nThe team **agreed** on the budget.',
  'fake-drip': Array.from({ length: 60 }, (_, i) => `word${i}`).join(' '),
};

async function main() {
  if (!existsSync(join(root, 'apps/web/dist/index.html')) || !existsSync(apiMain)) {
    console.error('The console or the API is not built: run `npm run build` first.');
    process.exit(2);
  }
  await mkdir(screenshotDir, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-e2e-'));
  let api;
  let fakeModels;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fakeModels = await FakeLlmServer.start({ answers: FAKE_ANSWERS });
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
    const editor = (testId = 'template-editor') => page.locator(`[data-testid="${testId}"] .monaco-editor`).first();
    const replaceTemplate = async (text) => {
      await editor().click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
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
      const checklist = page.getByTestId('first-run');
      await checklist.getByText('Get started: 0 of 4 done').waitFor();
      await checklist.getByRole('link', { name: 'Add a provider' }).waitFor();
    });

    /** Makes the next loads of `pattern` fail with a rate-limit problem, as a busy server answers. */
    const failLoads = (pattern) =>
      page.route(pattern, (route) =>
        route.fulfill({
          status: 429,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Too Many Requests',
            status: 429,
            code: 'RATE_LIMITED',
            detail: 'Rate limit of 600 requests per minute reached',
          }),
        }),
      );

    await step(
      'a failed list load shows the problem and a Retry button, not an empty list',
      async () => {
        await failLoads('**/api/v1/prompts?*');
        await page.reload();
        const error = page.getByTestId('load-error');
        await error.getByText('Could not load this').waitFor();
        await error.getByText('Rate limit of 600 requests per minute reached').waitFor();
        expect((await page.getByText('No prompts yet').count()) === 0, 'the failed load looks like an empty list');
        await shot('02b-prompt-list-load-error');
        await page.unroute('**/api/v1/prompts?*');
        await error.getByRole('button', { name: 'Retry' }).click();
        await page.getByText('support-reply', { exact: true }).waitFor();
        await error.waitFor({ state: 'detached' });
      },
      { allowHttpErrors: true },
    );

    await step('keeps the search in the URL and filters the table', async () => {
      await page.getByPlaceholder('Search name, folder, tags or description').fill('meeting');
      await page.waitForURL(/search=meeting/);
      await page.getByText('meeting-summary', { exact: true }).waitFor();
      await page.getByText('support-reply', { exact: true }).waitFor({ state: 'detached' });
      await page.getByPlaceholder('Search name, folder, tags or description').fill('');
      await page.waitForURL(/\/prompts$/);
      await page.getByText('support-reply', { exact: true }).waitFor();
    });

    await step('filters by a folder clicked in the table, kept in the URL', async () => {
      await page
        .locator('.ant-table-tbody tr', { hasText: 'support-reply' })
        .locator('.folder-link', { hasText: 'support' })
        .click();
      await page.waitForURL(/folder=support/);
      await page.getByText('meeting-summary', { exact: true }).waitFor({ state: 'detached' });
      await page.getByText('support-reply', { exact: true }).waitFor();
      await shot('02c-prompt-list-folder');
      await page.getByTestId('folder-filter').locator('.ant-tag-close-icon').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByText('meeting-summary', { exact: true }).waitFor();
    });

    await step('“/” focuses the search; Ctrl+K goes to a prompt and switches the language', async () => {
      // Focus on nothing in particular (the menu reaches far down the left edge now).
      await page.evaluate(() => globalThis.document.activeElement?.blur());
      await page.keyboard.press('/');
      const focused = await page.evaluate(() => globalThis.document.activeElement?.getAttribute('placeholder'));
      expect(focused === 'Search name, folder, tags or description', `“/” focused ${focused}`);
      await page.keyboard.press('Escape');
      await page.evaluate(() => globalThis.document.activeElement?.blur());
      await page.keyboard.press('ControlOrMeta+K');
      const palette = page.getByTestId('command-palette');
      await palette.waitFor();
      const paletteInput = page.getByRole('textbox', { name: 'Go to a prompt or a page, or type a command…' });
      await paletteInput.fill('meeting');
      await palette.getByRole('option', { name: /Meeting summary/ }).waitFor();
      await shot('02d-command-palette');
      await paletteInput.press('Enter');
      await page.waitForURL(/\/prompts\/meeting-summary$/);
      await page.keyboard.press('ControlOrMeta+K');
      await paletteInput.fill('language');
      await palette.getByRole('option', { name: /Switch language/ }).waitFor();
      await paletteInput.press('Enter');
      await page.locator('.ant-menu').getByText('提示词').waitFor();
      await page.keyboard.press('ControlOrMeta+K');
      await page.getByRole('textbox', { name: '跳转到提示词或页面，或输入命令……' }).fill('切换');
      await palette.getByRole('option', { name: /切换语言/ }).waitFor();
      await shot('02e-command-palette-zh');
      await page.getByRole('textbox', { name: '跳转到提示词或页面，或输入命令……' }).press('Enter');
      await page.locator('.ant-menu').getByText('Prompts').waitFor();
      await page.goto('/prompts');
    });

    await step('at 1024 px the sidebar collapses and the action column stays in view', async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.locator('.ant-layout-sider-collapsed').waitFor();
      const action = page
        .locator('.ant-table-tbody tr', { hasText: 'support-reply' })
        .getByRole('button', { name: 'Disable' });
      const box = await action.boundingBox();
      expect(box && box.x + box.width <= 1024, `the action column is cut off: ${JSON.stringify(box)}`);
      await shot('02f-prompt-list-1024');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('.ant-layout-sider-collapsed').waitFor({ state: 'detached' });
    });

    await step('creates a chat prompt from the few-shot starter, asking before Esc drops the form', async () => {
      await page.getByRole('button', { name: 'New prompt' }).click();
      const dialog = page.getByRole('dialog', { name: 'New prompt' });
      await dialog.getByTestId('starter-gallery').getByText('Few-shot support reply').click();
      await dialog.getByTestId('kind').getByText('Chat').waitFor();
      const messages = dialog.getByTestId('create-messages');
      await messages.getByText('My invoice shows the wrong address.').waitFor();
      expect((await messages.locator('textarea').count()) === 4, 'the starter does not give four messages');
      await dialog.getByLabel('Name', { exact: true }).fill('support-few-shot');
      await shot('03a-create-chat-prompt');
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal-confirm-title', { hasText: 'Discard what you entered?' }).waitFor();
      await shot('03b-create-discard-confirm');
      await page.getByRole('button', { name: 'Keep editing' }).click();
      expect(
        (await dialog.getByLabel('Name', { exact: true }).inputValue()) === 'support-few-shot',
        'the form was lost',
      );
      await dialog.getByRole('button', { name: 'Create prompt' }).click();
      await page.waitForURL(/\/prompts\/support-few-shot\/editor$/);
      const chat = page.getByTestId('chat-editor');
      await chat.locator('.monaco-editor').nth(3).waitFor();
      await page.getByTestId('variables-panel').getByText('question', { exact: true }).waitFor();
      await page.goto('/prompts');
    });

    await step('creates a prompt, validating its name as it is typed', async () => {
      await page.getByRole('button', { name: 'New prompt' }).click();
      const dialog = page.getByRole('dialog', { name: 'New prompt' });
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
        '# Poem\n\nWrite a **{{ style }}** poem about {{ topic }}, in {{ language }}.\nQ: Rhyme?\nA: Never.\n\n- keep it short',
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

    await step('previews unsaved edits live beside the editor, with their variables', async () => {
      await replaceTemplate('Dear {{ customer }},\nthanks for writing.\n\n{{ answer }}');
      const side = page.locator('.version-editor__side');
      await side.getByRole('tab', { name: 'Live preview' }).click();
      const preview = page.getByTestId('draft-preview');
      await preview.getByText('Fill in 2 required variables to see the output').waitFor();
      await preview.getByLabel('customer').fill('Ana');
      await preview.getByLabel('answer').fill('Your order ships today.');
      const markdown = preview.getByTestId('rendered-markdown');
      await markdown.getByText('Your order ships today.').waitFor();
      expect((await markdown.locator('p br').count()) === 1, 'the live preview merges the greeting lines');
      await shot('04a-editor-live-preview');
      await page.setViewportSize({ width: 1024, height: 768 });
      await shot('04b-editor-live-preview-1024');
      await page.setViewportSize({ width: 1440, height: 900 });
      await side.getByRole('tab', { name: 'Variables' }).click();
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
      // No model is set yet: both versions say they cannot run.
      await page.getByTestId('not-runnable-tag').nth(1).waitFor();
      await shot('05-versions');
    });

    await step('edits the prompt details: display name, description, folder and tags', async () => {
      await page.getByRole('button', { name: 'Edit details' }).click();
      const dialog = page.getByRole('dialog', { name: 'Details of “e2e-poem”' });
      expect(
        (await dialog.getByLabel('Folder').inputValue()) === 'tests/e2e',
        'the form does not start from the prompt',
      );
      await dialog.getByLabel('Display name').fill('E2E poems');
      await dialog.getByLabel('Description').fill('Poems on demand, edited after creation');
      await dialog.getByLabel('Folder').fill('tests/poems');
      await dialog.getByLabel('Tags').fill('poetry');
      await page.keyboard.press('Enter');
      await shot('05a-edit-details');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Details of “e2e-poem” saved').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('heading', { name: 'E2E poems' }).waitFor();
      await page.locator('.prompt-heading').getByText('Poems on demand, edited after creation').waitFor();
      await page.locator('.prompt-heading').getByText('tests/poems').waitFor();
      await page.locator('.prompt-heading').getByText('poetry', { exact: true }).waitFor();
    });

    await step('previews version 2 with the generated form and shows the Markdown', async () => {
      await page.getByRole('tab', { name: 'Preview', exact: true }).click();
      await page.waitForURL(/\/preview$/);
      const form = page.getByTestId('preview-form');
      await form.getByLabel('topic').fill('autumn');
      await form.getByLabel('style').fill('haiku');
      await page.getByText('Fill in 1 required variable to see').waitFor();
      await form.getByLabel('language').fill('French');
      const markdown = page.getByTestId('rendered-markdown');
      await markdown.locator('h1', { hasText: 'Poem' }).waitFor();
      await markdown.locator('strong', { hasText: 'haiku' }).waitFor();
      await markdown.locator('li', { hasText: 'keep it short' }).waitFor();
      // Single newlines stay line breaks, as the model receives them: few-shot lines do not run together.
      expect((await markdown.locator('p br').count()) === 2, 'the preview merges single newlines');
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

    await step('warns before publishing a version that cannot run, and Cancel keeps it a draft', async () => {
      await page.goto('/prompts/e2e-poem');
      const row = page.locator('.ant-table-tbody tr', { hasText: 'v1' });
      await row.getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('menuitem', { name: 'Publish' }).click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText('This version cannot run on a model as it stands').waitFor();
      await confirm.getByTestId('run-issues').getByText('No model is set').waitFor();
      await shot('10a-publish-not-runnable');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      await row.getByText('Draft').waitFor();
    });

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
      expect(labels[0].includes('Cannot run'), `the version does not say it cannot run: ${labels[0]}`);
      await options.first().click();
      // Deploying stays possible (a prompt may only be rendered), after saying why calls would fail.
      await dialog.getByTestId('not-runnable').getByText('No model is set').waitFor();
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
      // Under load a click during the dialog's opening animation can be lost: let it settle first.
      await page.waitForTimeout(400);
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

    await step('edits the custom environment: a new description, and protected', async () => {
      const card = page.getByTestId('env-card-tenant-acme');
      await card.getByRole('button', { name: 'Edit environment' }).click();
      const dialog = page.getByRole('dialog', { name: 'Environment “tenant-acme”' });
      expect(await dialog.getByLabel('Name').isDisabled(), 'the name of an environment cannot change');
      const description = await dialog.getByLabel('Description').inputValue();
      expect(description === 'Acme Corp, A/B arm B', `the form starts from the environment, got "${description}"`);
      await dialog.getByLabel('Description').fill('Acme Corp, A/B arm C');
      await dialog.getByLabel('Protected').click();
      await shot('15b-edit-environment');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Environment “tenant-acme” saved').waitFor();
      await card.getByText('Acme Corp, A/B arm C').waitFor();
      await card.getByText('Protected', { exact: true }).waitFor();
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

    await step('promotes staging’s version to prod in one click, showing the diff first', async () => {
      await page.goto('/prompts/e2e-poem/deployments');
      await deployTo(page.getByTestId('env-card-staging'), 2);
      await page.getByRole('button', { name: 'Promote staging v2 → prod' }).click();
      const dialog = page.getByRole('dialog', { name: 'Promote staging v2 to prod?' });
      await dialog.getByText('v1 → v2').waitFor();
      await dialog.getByTestId('promote-diff').locator('.promote-diff__line--removed').first().waitFor();
      await dialog
        .getByTestId('promote-diff')
        .locator('.promote-diff__line--added', { hasText: 'Q: Rhyme?' })
        .waitFor();
      await shot('13a-promote-diff');
      await dialog.getByRole('button', { name: 'Promote' }).click();
      await page.getByText('v2 of staging is now live in prod').waitFor();
      await prodCard().getByTestId('active-version').getByText('v2', { exact: true }).waitFor();
      await page.getByRole('button', { name: /Promote staging/ }).waitFor({ state: 'detached' });
    });

    await step(
      'offers /render and /run snippets in curl, Python, JavaScript and the TypeScript SDK with the variables filled in',
      async () => {
        await prodCard().getByRole('tab', { name: 'Render API' }).click();
        await prodCard().getByTestId('snippet-render-curl').getByText('X-API-Key').waitFor();
        await prodCard().getByTestId('snippet-endpoint').getByText('/run').click();
        await prodCard().getByTestId('snippet-language').getByText('Python').click();
        const python = await prodCard().getByTestId('snippet-run-python').innerText();
        for (const part of [
          'import requests',
          '/api/v1/run/e2e-poem',
          '"topic": "your topic"',
          '"language": "your language"',
        ]) {
          expect(python.includes(part), `the Python snippet lacks ${part}:\n${python}`);
        }
        await prodCard().getByTestId('snippet-language').getByText('JavaScript').click();
        const js = await prodCard().getByTestId('snippet-run-javascript').innerText();
        expect(js.includes('await fetch(') && js.includes('"style": "your style"'), `JavaScript snippet:\n${js}`);
        await prodCard().getByTestId('snippet-language').getByText('TypeScript SDK').click();
        const sdkRun = await prodCard().getByTestId('snippet-run-sdk').innerText();
        expect(
          sdkRun.includes("from '@promptops/sdk'") && sdkRun.includes('await po.run("e2e-poem"'),
          `SDK run snippet:\n${sdkRun}`,
        );
        await prodCard().getByTestId('snippet-endpoint').getByText('/render').click();
        const sdkRender = await prodCard().getByTestId('snippet-render-sdk').innerText();
        expect(
          sdkRender.includes('await po.render("e2e-poem"') && sdkRender.includes('environment: "prod"'),
          `SDK render snippet:\n${sdkRender}`,
        );
        await shot('13b-snippets');
      },
    );

    const row = (name) => page.locator('.ant-table-tbody tr.ant-table-row', { hasText: name });
    const listedNames = () => page.locator('.ant-table-tbody .prompt-title-cell .mono').allInnerTexts();
    const listedTitles = () => page.locator('.ant-table-tbody .prompt-title-cell__title').allInnerTexts();
    /** Polls `read` until `accept` holds for its value (the list refetches after each URL change). */
    const eventually = async (read, accept, message) => {
      const deadline = Date.now() + TIMEOUT_MS;
      let value = await read();
      while (!accept(value)) {
        expect(Date.now() < deadline, `${message}: ${JSON.stringify(value)}`);
        await page.waitForTimeout(100);
        value = await read();
      }
      return value;
    };

    await step('the prompt list shows which version each environment serves', async () => {
      await page.goto('/prompts');
      await row('e2e-poem').getByTestId('served-versions').waitFor();
      const served = await page.evaluate(async () => {
        const token = globalThis.localStorage.getItem('promptops.token');
        const res = await fetch('/api/v1/prompts/e2e-poem/deployments', {
          headers: { Authorization: `Bearer ${token}` },
        });
        const deployments = await res.json();
        return deployments.filter((d) => d.version !== null).map((d) => `${d.environment} v${d.version}`);
      });
      expect(served.includes('prod v2') && served.includes('staging v2'), `deployments: ${served}`);
      const badges = await row('e2e-poem').getByTestId('served-versions').locator('.ant-tag').allInnerTexts();
      expect(JSON.stringify(badges) === JSON.stringify(served), `badges ${badges} but the API serves ${served}`);
      await row('meeting-summary').getByText('Not deployed').waitFor();
      await shot('13c-prompt-list-served');
    });

    await step('searches tags and descriptions from the search box', async () => {
      const search = page.getByPlaceholder('Search name, folder, tags or description');
      // `poetry` is only a tag of e2e-poem; `example replies` only in support-reply's description.
      await search.fill('poetry');
      await page.waitForURL(/search=poetry/);
      await row('support-reply').waitFor({ state: 'detached' });
      await row('e2e-poem').waitFor();
      await search.fill('example replies');
      await page.waitForURL(/search=example\+replies|search=example%20replies/);
      await row('e2e-poem').waitFor({ state: 'detached' });
      await row('support-reply').waitFor();
      expect((await listedNames()).length === 1, `the description search lists ${await listedNames()}`);
      await search.fill('');
      await page.waitForURL(/\/prompts$/);
      await row('e2e-poem').waitFor();
    });

    await step('clicking a tag in the table filters by it, kept in the URL', async () => {
      await row('e2e-poem').getByRole('button', { name: 'poetry', exact: true }).click();
      await page.waitForURL(/tag=poetry/);
      await row('support-reply').waitFor({ state: 'detached' });
      await page.getByTestId('tag-filter').getByText('poetry').waitFor();
      expect(JSON.stringify(await listedNames()) === '["e2e-poem"]', `the tag filter lists ${await listedNames()}`);
      await shot('13d-prompt-list-tag-filter');
      await page.reload();
      await page.getByTestId('tag-filter').getByText('poetry').waitFor();
      await row('support-reply').waitFor({ state: 'detached' });
      await page.getByTestId('tag-filter').locator('.ant-tag-close-icon').click();
      await page.waitForURL(/\/prompts$/);
      await row('support-reply').waitFor();
    });

    await step('sorts by a column from its header, kept in the URL', async () => {
      const header = page.locator('.ant-table-thead th', { hasText: /^Prompt$/ });
      await header.click();
      await page.waitForURL(/sort=displayName&order=asc/);
      const ascending = await eventually(
        listedTitles,
        (titles) => titles.length > 2 && JSON.stringify(titles) === JSON.stringify([...titles].sort()),
        'the titles are not in ascending order',
      );
      await header.click();
      await page.waitForURL(/sort=displayName&order=desc/);
      await eventually(
        listedTitles,
        (titles) => JSON.stringify(titles) === JSON.stringify([...ascending].reverse()),
        'descending is not ascending reversed',
      );
      await page.reload();
      await page.locator('.ant-table-thead th[aria-sort="descending"]', { hasText: /^Prompt$/ }).waitFor();
      await shot('13e-prompt-list-sorted');
      await page.locator('.ant-table-thead th', { hasText: /^Updated$/ }).click();
      await page.waitForURL(/sort=updatedAt&order=desc/);
      await page.goto('/prompts');
      await page.locator('.ant-table-thead th[aria-sort="descending"]', { hasText: /^Updated$/ }).waitFor();
    });

    await step('the folder tree nests folders with counts and filters by one, sub-folders included', async () => {
      // Beside the table only on screens wide enough for both.
      await page.setViewportSize({ width: 1680, height: 1000 });
      const tree = page.getByTestId('folder-tree');
      const node = (folder) => tree.locator(`[data-folder="${folder}"]`);
      await node('tests').waitFor();
      expect((await node('tests').locator('.folder-tree__count').innerText()) === '1', 'tests/ holds one prompt');
      await node('tests').click();
      await page.waitForURL(/folder=tests(&|$)/);
      await row('support-reply').waitFor({ state: 'detached' });
      await row('e2e-poem').waitFor();
      await page.getByText('1 prompt', { exact: true }).waitFor();
      await tree
        .locator('.ant-tree-treenode', { has: page.locator('[data-folder="tests"]') })
        .locator('.ant-tree-switcher')
        .click();
      await node('tests/poems').click();
      await page.waitForURL(/folder=tests%2Fpoems/);
      await page.getByTestId('folder-filter').getByText('tests/poems').waitFor();
      await row('e2e-poem').waitFor();
      await shot('13f-prompt-list-folder-tree');
      // Selecting the selected folder again clears the filter.
      await node('tests/poems').click();
      await page.waitForURL(/\/prompts$/);
      await row('support-reply').waitFor();
      // The count of a folder is what selecting it lists.
      const supportCount = Number(await node('support').locator('.folder-tree__count').innerText());
      await node('support').click();
      await page.waitForURL(/folder=support/);
      await eventually(listedNames, (names) => names.length === supportCount, 'the support folder lists');
      await page.getByTestId('folder-filter').locator('.ant-tag-close-icon').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByTestId('folder-tree-toggle').click();
      await tree.waitFor({ state: 'detached' });
      await page.setViewportSize({ width: 1440, height: 900 });
    });

    await step('at 1024 px the folder tree opens as a drawer and the table keeps its actions', async () => {
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.getByTestId('folder-tree').waitFor({ state: 'detached' });
      const action = row('support-reply').getByRole('button', { name: 'Disable' });
      const box = await action.boundingBox();
      expect(box && box.x + box.width <= 1024, `the action column is cut off: ${JSON.stringify(box)}`);
      await shot('13g-prompt-list-1024');
      await page.getByTestId('folder-tree-toggle').click();
      const drawer = page.getByTestId('folder-drawer');
      await drawer.locator('[data-folder="marketing"]').waitFor();
      await shot('13h-folder-drawer-1024');
      await drawer.locator('[data-folder="marketing"]').click();
      await page.waitForURL(/folder=marketing/);
      await drawer.waitFor({ state: 'hidden' });
      await row('product-description').waitFor();
      await row('support-reply').waitFor({ state: 'detached' });
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('/prompts');
      await row('support-reply').waitFor();
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
      await page.getByRole('tab', { name: 'Preview', exact: true }).click();
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

    await step('explains the providers and adds an OpenAI-compatible one with models and prices', async () => {
      await page.locator('.ant-menu').getByText('Providers').click();
      await page.waitForURL(/\/providers$/);
      await page.getByText('No providers yet').waitFor();
      await page.getByText('LiteLLM Proxy').waitFor();
      await shot('24-providers-empty');
      await page.getByRole('button', { name: 'Add your first provider' }).click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByLabel('Name').fill('fake');
      await drawer.getByLabel('Base URL').fill('not a url');
      await drawer.getByText('Enter a URL starting with').waitFor();
      await drawer.getByLabel('Base URL').fill(`${fakeModels.url}/v1`);
      for (const [index, id, input, output] of [
        [1, 'fake-fast', '1', '2'],
        [2, 'fake-drip', '', ''],
        [3, 'fake-alt', '0.5', '1.5'],
      ]) {
        await drawer.getByRole('button', { name: 'Add model' }).click();
        await drawer.getByLabel(`Model ${index}`).fill(id);
        const row = drawer.locator('.model-rows__row').nth(index - 1);
        if (input) await row.getByLabel('Input $/M').fill(input);
        if (output) await row.getByLabel('Output $/M').fill(output);
      }
      await shot('25-provider-drawer');
      await drawer.getByRole('button', { name: 'Add provider' }).click();
      await page.getByText('Provider “fake” added').waitFor();
      const row = page.locator('.ant-table-tbody tr', { hasText: 'fake' });
      await row.getByText('OpenAI-compatible').waitFor();
      await row.getByText('fake-drip').waitFor();
    });

    await step('tests the provider connection and shows its latency in place', async () => {
      await page.getByTestId('test-fake').getByRole('button', { name: 'Test' }).click();
      await page
        .getByTestId('test-fake')
        .getByText(/Connected · \d+ ms/)
        .waitFor();
      await shot('26-providers');
    });

    await step(
      'picks a version’s provider and model from the configured ones, any model where none are listed',
      async () => {
        const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
        const admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
        await admin('POST', '/api/v1/providers', {
          name: 'local-llm',
          kind: 'openai-compatible',
          baseUrl: `${fakeModels.url}/v1`,
          models: [],
        });
        await page.goto('/prompts/e2e-poem/editor');
        await page.locator('.version-editor__side').getByRole('tab', { name: 'Model settings' }).click();
        const settings = page.locator('.model-settings');
        const field = (label) => settings.locator('.ant-form-item', { hasText: label }).first();
        const option = (text) =>
          page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
            hasText: text,
          });
        await field('Provider').locator('.ant-select-selector').click();
        await option('local-llm').click();
        // No model list: any model id goes.
        const typed = field('Model').getByRole('combobox');
        await typed.fill('my-own-model');
        // Not Escape: Chromium empties a search field on Escape.
        await typed.press('Tab');
        expect((await typed.inputValue()) === 'my-own-model', 'the typed model id was not kept');
        await field('Provider').locator('.ant-select-selector').click();
        await option(/^fake$/).click();
        // A provider with a model list runs only those: the typed model gives way to its first one.
        await field('Model').getByText('fake-fast').waitFor();
        await field('Model').locator('.ant-select-selector').click();
        await option('fake-alt').waitFor();
        // The model dropdown's options (the provider dropdown may still be closing beside it).
        const offered = await page
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)', {
            has: page.locator('.ant-select-item-option', { hasText: 'fake-alt' }),
          })
          .locator('.ant-select-item-option')
          .allInnerTexts();
        expect(offered.join() === 'fake-fast,fake-drip,fake-alt', `the model list is not the provider's: ${offered}`);
        await option('fake-alt').click();
        await shot('26a-model-picker');
        await page.getByLabel('Comment').fill('on fake-alt');
        await page.keyboard.press('ControlOrMeta+S');
        await page.getByText('Saved as version 4').waitFor();
        await page.goto('/prompts/e2e-poem');
        const v4 = page.locator('.ant-table-tbody tr', { hasText: 'on fake-alt' });
        await v4.getByText('Latest').waitFor();
        expect((await v4.getByTestId('not-runnable-tag').count()) === 0, 'v4 has a model yet says it cannot run');
        await page
          .locator('.ant-table-tbody tr', { hasText: 'chat version' })
          .getByTestId('not-runnable-tag')
          .waitFor();
        const deleted = await fetch(`${api.baseUrl}/api/v1/providers/local-llm`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(deleted.status === 204, `deleting the provider answered ${deleted.status}`);
      },
    );

    const answer = () => page.getByTestId('answer');
    const chooseModel = async (container, model) => {
      await container.locator('.target-select__model .ant-select-selector').click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: model })
        .last()
        .click();
    };

    await step('opens the Playground from a prompt and streams a Markdown answer with its cost', async () => {
      await page.goto('/prompts/meeting-summary');
      await page.getByRole('button', { name: 'Open in Playground' }).click();
      await page.waitForURL(/\/playground\?prompt=meeting-summary/);
      await page
        .getByTestId('playground-form')
        .getByLabel('transcript')
        .fill('Ana: the budget is approved. Bo: launch Friday.');
      await page
        .getByTestId('estimated-cost')
        .getByText(/at most \$/)
        .waitFor();
      const before = await page.getByTestId('estimate').innerText();
      await page
        .getByTestId('playground-form')
        .getByLabel('transcript')
        .fill('Ana: the budget is approved for the third quarter, with a long discussion of every line item.');
      for (let i = 0; (await page.getByTestId('estimate').innerText()) === before; i++) {
        expect(i < 50, `the estimate did not follow the typing: ${before}`);
        await page.waitForTimeout(100);
      }
      await page.keyboard.press('ControlOrMeta+Enter');
      await answer().locator('h1', { hasText: 'Summary' }).waitFor();
      await answer().locator('strong', { hasText: 'Budget' }).waitFor();
      await answer().locator('td', { hasText: 'Slides' }).waitFor();
      const summary = answer().getByTestId('run-summary');
      await summary.getByText('fake/fake-fast').waitFor();
      await summary.getByText(/11 → \d+ tokens/).waitFor();
      await summary.getByText(/^\$0\.0/).waitFor();
      await page.getByTestId('run-history').getByText('Success').waitFor();
      await shot('27-playground');
    });

    await step('stops a slow answer half-way and the history marks it aborted', async () => {
      await chooseModel(page.locator('.playground-grid__inputs'), 'fake-drip');
      await page.getByTestId('run').click();
      await answer().getByTestId('streaming-markdown').getByText(/word2/).waitFor();
      // Logged once it ends, the run is listed as under way until then.
      await page.getByTestId('run-history').getByText('Running', { exact: true }).waitFor();
      await shot('27b-playground-run-under-way');
      await page.getByTestId('stop-run').click();
      await answer().getByTestId('run-stopped').waitFor();
      const kept = await answer().innerText();
      expect(!kept.includes('word59'), 'the slow answer was not stopped');
      await page.getByTestId('run-history').getByText('Aborted', { exact: true }).waitFor();
    });

    await step('re-runs a logged run from the history and opens it with all its numbers', async () => {
      // A fresh page: the form is empty until the re-run loads the logged run's inputs into it.
      await page.reload();
      const transcript = page.getByTestId('playground-form').getByLabel('transcript');
      expect((await transcript.inputValue()) === '', 'the form is not empty after a reload');
      const row = page.locator('[data-testid="run-history"] .ant-table-tbody tr', { hasText: 'fake/fake-fast' });
      await row.getByRole('button', { name: 'Re-run' }).click();
      await answer().getByTestId('run-summary').getByText('fake/fake-fast').waitFor();
      for (let i = 0; !(await transcript.inputValue()).startsWith('Ana: the budget is approved for the third'); i++) {
        expect(i < 50, `the re-run did not load its inputs: "${await transcript.inputValue()}"`);
        await page.waitForTimeout(100);
      }
      expect((await page.getByText(/Fill in \d+ required variable/).count()) === 0, 'the form still misses variables');
      await shot('28a-rerun-loads-inputs');
      const rerun = page.locator('[data-testid="run-history"] .ant-table-tbody tr.ant-table-row').first();
      await rerun.getByText(/re-run of #\d+/).waitFor();
      await rerun.getByRole('button', { name: 'Open' }).click();
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByText(/^Run #\d+$/).waitFor();
      await drawer.getByText('Messages sent').waitFor();
      await drawer.locator('h1', { hasText: 'Summary' }).waitFor();
      await drawer.getByText('Re-run of').waitFor();
      await shot('28-run-drawer');
      await drawer.getByRole('button', { name: 'Close' }).click();
      await drawer.waitFor({ state: 'hidden' });
    });

    await step('compares two models side by side, each streaming into its own column', async () => {
      await page.locator('[data-testid="mode"] .ant-segmented-item', { hasText: 'Compare' }).click();
      const rows = page.locator('.compare-targets__row');
      await rows.nth(1).waitFor();
      await chooseModel(rows.nth(0), 'fake-fast');
      await chooseModel(rows.nth(1), 'fake-alt');
      await page.getByRole('button', { name: 'Run on 2 models' }).click();
      const a = page.getByTestId('compare-0');
      const b = page.getByTestId('compare-1');
      await a.locator('h1', { hasText: 'Summary' }).waitFor();
      await b.locator('h2', { hasText: 'Alternative take' }).waitFor();
      await a.getByTestId('run-summary').getByText('fake/fake-fast').waitFor();
      await b.getByTestId('run-summary').getByText('fake/fake-alt').waitFor();
      // Each model's column says what its run can cost; the tokens are shown once, over the prompt.
      await a.getByTestId('estimated-cost').getByText('at most').waitFor();
      await b.getByTestId('estimated-cost').getByText('at most').waitFor();
      expect((await page.getByTestId('estimated-cost').count()) === 2, 'one cost estimate per compared model');
      await shot('29-playground-compare');
    });

    await step('lists every run in the run log with paging in the URL and opens one', async () => {
      await page.locator('.ant-menu').getByText('Run log').click();
      await page.waitForURL(/\/runs$/);
      const rows = page.locator('[data-testid="run-log"] .ant-table-tbody tr.ant-table-row');
      await rows.first().waitFor();
      expect((await rows.count()) === 5, `expected 5 runs, found ${await rows.count()}`);
      await page.getByText('5 runs').waitFor();
      await page.locator('[data-testid="run-log"]').getByText('Aborted', { exact: true }).waitFor();
      await shot('30-run-log');
      await rows.first().click();
      await page.waitForURL(/\/runs\?run=\d+/);
      await page.locator('.ant-drawer-content').getByText('Messages sent').waitFor();
      await shot('31-run-log-drawer');
      await page.locator('.ant-drawer-content').getByRole('button', { name: 'Close' }).click();
      await page.waitForURL(/\/runs$/);
      await page.getByRole('combobox', { name: 'Filter by status' }).click();
      await page.locator('.ant-select-dropdown').getByText('Aborted', { exact: true }).click();
      await page.waitForURL(/\/runs\?status=aborted$/);
      await page.getByText('1 run', { exact: true }).waitFor();
      // The language switch below starts from the prompt page, where the earlier steps left off.
      await page.goto('/prompts/e2e-poem/preview');
      await page.getByRole('tab', { name: 'Diff' }).waitFor();
    });

    await step('switches to Chinese, remembers it and shows the menu in Chinese', async () => {
      await page.locator('.language-switch').click();
      await page.getByText('简体中文').click();
      await page.getByRole('tab', { name: '对比' }).waitFor();
      await page.goto('/prompts');
      await page.locator('.ant-menu').getByText('提示词').waitFor();
      await page.getByRole('button', { name: '新建提示词' }).waitFor();
      await page.getByText('共 7 个提示词').waitFor();
      await shot('08-prompt-list-zh');
      // Provider, API key and a deployment are done by now; no service has called a prompt yet.
      const checklist = page.getByTestId('first-run');
      await checklist.getByText('快速上手：已完成 3/4').waitFor();
      expect(
        (await checklist.locator('[data-done="true"]').count()) === 3,
        'the checklist does not tick what was done',
      );
      await shot('08b-first-run-zh');
      await checklist.getByRole('button', { name: '隐藏清单' }).click();
      await checklist.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: '新建提示词' }).click();
      const dialog = page.getByRole('dialog', { name: '新建提示词' });
      await dialog.getByText('从模板开始：').waitFor();
      await dialog.getByTestId('starter-gallery').getByText('RAG 问答').click();
      await dialog.getByTestId('kind').getByText('对话').waitFor();
      await shot('08a-create-prompt-zh');
      await page.keyboard.press('Escape');
      await page.locator('.ant-modal-confirm-title', { hasText: '放弃已填写的内容？' }).waitFor();
      await page
        .locator('.ant-modal-confirm')
        .getByRole('button', { name: /^放\s?弃$/ })
        .click();
      await dialog.waitFor({ state: 'hidden' });
      await page.setViewportSize({ width: 1280, height: 720 });
      await shot('10-prompt-list-zh-1280');
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto('/prompts/e2e-poem/editor');
      await page.getByText('保存为新版本').waitFor();
      await shot('09-editor-zh');
      await page.goto('/prompts/e2e-poem/deployments');
      await page.getByTestId('env-card-prod').getByText('受保护').waitFor();
      await page.getByTestId('env-card-prod').getByText('生产：只能部署已发布的版本').waitFor();
      await page.getByTestId('env-card-prod').getByRole('tab', { name: 'Webhook' }).click();
      await shot('22-deployments-zh');
      await page.goto('/api-keys');
      await page.locator('.ant-menu').getByText('API 密钥').waitFor();
      await page.getByText('已吊销').waitFor();
      await page.locator('.ant-table-tbody').getByText('渲染', { exact: true }).waitFor();
      await shot('23-api-keys-zh');
    });

    await step('shows served versions, the folder tree and a tag filter in Chinese', async () => {
      await page.goto('/prompts?tag=poetry');
      await page.locator('.ant-table-thead').getByText('部署版本').waitFor();
      await page.getByTestId('tag-filter').getByText('poetry').waitFor();
      await page.getByTestId('tag-filter').and(page.getByTitle('已按标签 poetry 筛选')).waitFor();
      await row('e2e-poem').getByTitle('只看带有标签 poetry 的提示词').waitFor();
      await row('e2e-poem').getByTestId('served-versions').waitFor();
      await page.getByPlaceholder('搜索名称、文件夹、标签或描述').waitFor();
      await shot('08c-prompt-list-filters-zh');
      await page.getByTestId('folder-tree-toggle').getByText('文件夹').click();
      await page.locator('.ant-drawer-title', { hasText: '文件夹' }).waitFor();
      await page.getByTestId('folder-drawer').locator('[data-folder="tests"]').waitFor();
      await shot('08d-folder-drawer-zh');
      await page.keyboard.press('Escape');
      await page.getByTestId('folder-drawer').waitFor({ state: 'hidden' });
      await page.goto('/prompts');
    });

    await step(
      'a failed load in Chinese shows the problem translated by its code, then retries',
      async () => {
        await failLoads('**/api/v1/providers');
        await page.goto('/providers');
        const error = page.getByTestId('load-error');
        await error.getByText('加载失败').waitFor();
        await error.getByText('请求过于频繁，请稍后再试。').waitFor();
        await shot('32a-providers-load-error-zh');
        await page.unroute('**/api/v1/providers');
        await error.getByRole('button', { name: /重\s?试/ }).click();
        await page.getByText('OpenAI 兼容').waitFor();
      },
      { allowHttpErrors: true },
    );

    await step('shows the providers, the Playground and the run log in Chinese', async () => {
      await page.goto('/providers');
      await page.getByRole('heading', { name: '模型供应商' }).waitFor();
      await page.getByText('OpenAI 兼容').waitFor();
      await page.getByRole('columnheader', { name: '接口地址（Base URL）' }).waitFor();
      await shot('32-providers-zh');
      await page.goto('/playground?prompt=meeting-summary');
      await page.getByText('模型与参数').waitFor();
      await page.getByText('meeting-summary 的运行历史').waitFor();
      await shot('33-playground-zh');
      await page.goto('/runs');
      await page.getByText('共 5 次运行').waitFor();
      await shot('34-run-log-zh');
    });

    await step(
      'filters the run log by environment, API key, model, text and dates, totals it and exports the CSV',
      async () => {
        // A service calls e2e-poem v4 (fake-alt) in staging with its own key; the run log shows both.
        const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
        const admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
        const apiKey = await admin('POST', '/api/v1/api-keys', {
          name: 'reporting',
          scopes: ['run'],
          rateLimitPerMinute: 100,
        });
        await admin('PUT', '/api/v1/prompts/e2e-poem/deployments/staging', { version: 4 });
        const service = apiClient(api.baseUrl, { 'x-api-key': apiKey.key });
        await service('POST', '/api/v1/run/e2e-poem', {
          environment: 'staging',
          variables: { tone: 'calm', style: 'haiku', topic: 'rain', language: 'English' },
        });
        const all = await admin('GET', '/api/v1/runs');
        expect(all.totals.unpricedCalls > 0, 'the aborted fake-drip run should have no price');

        await page.goto('/runs');
        const totals = page.getByTestId('run-totals');
        await totals.getByText('共 6 次运行').waitFor();
        await totals.getByText(`${all.totals.unpricedCalls} 次运行没有价格`).waitFor();
        const rows = page.locator('[data-testid="run-log"] .ant-table-tbody tr.ant-table-row');
        const served = rows.filter({ has: page.getByTestId('run-environment') });
        await served.getByTestId('run-environment').getByText('staging').waitFor();
        await served.getByTestId('run-api-key').getByText('reporting').waitFor();
        expect((await served.count()) === 1, 'only the API run has an environment');

        await page.getByRole('combobox', { name: '按环境筛选' }).click();
        await page
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
            hasText: 'staging',
          })
          .click();
        await page.waitForURL((url) => url.searchParams.get('environment') === 'staging');
        await totals.getByText('共 1 次运行').waitFor();
        await page.getByRole('combobox', { name: '按 API 密钥筛选' }).click();
        await page
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
            hasText: 'reporting',
          })
          .click();
        await page.waitForURL((url) => url.searchParams.get('apiKeyId') === String(apiKey.id));
        await totals.getByText('共 1 次运行').waitFor();
        await shot('35-run-log-filters-zh');

        const download = page.waitForEvent('download');
        await page.getByRole('button', { name: /导出 CSV/ }).click();
        const csv = (await readFile(await (await download).path(), 'utf8')).trim().split(/\r?\n/);
        expect(csv.length === 2, `the export is not the filtered run:\n${csv.join('\n')}`);
        expect(csv[0].includes('environment') && csv[0].includes('apiKey'), `CSV header: ${csv[0]}`);
        expect(
          csv[1].includes('staging') && csv[1].includes('reporting') && csv[1].includes('fake-alt'),
          `CSV row: ${csv[1]}`,
        );

        await rows.first().click();
        const drawer = page.locator('.ant-drawer-content');
        await drawer.locator('tr', { hasText: '环境' }).getByText('staging', { exact: true }).waitFor();
        await drawer.locator('tr', { hasText: 'API 密钥' }).getByText('reporting', { exact: true }).waitFor();
        await shot('36-run-drawer-served-zh');
        await page.keyboard.press('Escape');
        await drawer.waitFor({ state: 'hidden' });

        // The model and text filters, each checked against what the API counts for it.
        await page.goto('/runs');
        const model = page.getByRole('combobox', { name: '按模型筛选' });
        await model.fill('fake-fast');
        await model.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('model') === 'fake-fast');
        const fast = await admin('GET', '/api/v1/runs?model=fake-fast');
        await totals.getByText(`共 ${fast.total} 次运行`).waitFor();
        const search = page.getByPlaceholder('搜索提示词、输入、回答、错误…');
        await search.fill('Alternative');
        await search.press('Enter');
        await page.waitForURL((url) => url.searchParams.get('search') === 'Alternative');
        const both = await admin('GET', '/api/v1/runs?model=fake-fast&search=Alternative');
        expect(both.total === 0, 'fake-fast never answers "Alternative"');
        await page.getByText('还没有运行记录').waitFor();
        await page.goto('/runs?search=Alternative');
        const alternative = await admin('GET', '/api/v1/runs?search=Alternative');
        await totals.getByText(`共 ${alternative.total} 次运行`).waitFor();

        // Whole days in the viewer's time zone: tomorrow has no runs, today has them all.
        const day = (offset) => {
          const d = new Date(Date.now() + offset * 86_400_000);
          return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
        };
        await page.goto(`/runs?from=${day(1)}`);
        await page.getByText('还没有运行记录').waitFor();
        await page.goto(`/runs?from=${day(0)}&to=${day(0)}`);
        await totals.getByText('共 6 次运行').waitFor();
        expect(
          (await page.locator('.run-log__dates input').first().inputValue()) === day(0),
          'the date picker does not show the day in the URL',
        );
        await shot('37-run-log-dates-zh');
      },
    );

    await step(
      'a field the server refuses shows its error in Chinese under the field',
      async () => {
        await page.goto('/prompts/e2e-poem');
        await page.getByRole('button', { name: '编辑信息' }).click();
        const dialog = page.getByRole('dialog', { name: '“e2e-poem”的信息' });
        await dialog.getByLabel('文件夹').fill('tests\\poems');
        await dialog.getByRole('button', { name: /^保\s?存$/ }).click();
        await dialog.locator('.ant-form-item-explain-error', { hasText: '文件夹请用 “/” 分隔' }).waitFor();
        await shot('38-field-error-zh');
        await page.keyboard.press('Escape');
        await page
          .locator('.ant-modal-confirm')
          .getByRole('button', { name: /^放\s?弃$/ })
          .click();
        await dialog.waitFor({ state: 'hidden' });
      },
      { allowHttpErrors: true },
    );

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
    exitCode = summary();
  } catch (error) {
    console.error(error);
  } finally {
    await browser?.close().catch(() => undefined);
    await stopApi(api?.child);
    await fakeModels?.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  console.log(`Screenshots: ${screenshotDir}`);
  process.exitCode = exitCode;
}

await main();
