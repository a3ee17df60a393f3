/**
 * Browser test of builder mode, one story: an operator starts a new prompt in builder mode, fills
 * in the form and sees the compiled template beside it, sees a lint warning in place for an
 * undeclared variable, switches the profile from Markdown to XML and sees the preview change,
 * picks a few-shot example from a dataset, saves, checks (node fetch) that the server stored and
 * renders the same template, reads the builder in Chinese, and switches to code after the warning.
 * Against the real API on a throw-away SQLite file. Prints `N passed, M failed`.
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

const PROMPT = 'support-builder';
const DATASET = 'support-faq';

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-builder-e2e-'));
  let api;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });
    // Models with list prices: one OpenAI encoding (exact count), one counted approximately.
    await admin('POST', '/api/v1/providers', {
      name: 'builder-llm',
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:9/v1',
      models: [{ id: 'gpt-4o' }, { id: 'claude-sonnet-4-5' }],
    });
    await admin('POST', '/api/v1/datasets', {
      name: DATASET,
      items: [
        { input: { question: '发票在哪里下载？', product: 'Acme' }, expected: '在“账单 > 发票”中下载。' },
        { input: { question: 'How do I cancel?', product: 'Acme' }, expected: 'Settings > Plan > Cancel.' },
      ],
    });

    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    const compiled = () => page.getByTestId('builder-compiled');
    const compiledText = async () => (await compiled().textContent()) ?? '';
    /** Waits until the compiled preview includes `needle` (or starts with it, when `atStart`). */
    const waitForCompiled = (needle, what, atStart = false) =>
      page
        .waitForFunction(
          ([n, start]) => {
            const text = globalThis.document.querySelector('[data-testid="builder-compiled"]')?.textContent ?? '';
            return start ? text.startsWith(n) : text.includes(n);
          },
          [needle, atStart],
          { timeout: TIMEOUT_MS },
        )
        .catch(() => {
          throw new Error(`the compiled preview never showed ${what}`);
        });

    await step('signs in and starts a new prompt in builder mode', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByRole('button', { name: 'New prompt' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'New prompt' });
      await dialog.locator('#name').fill(PROMPT);
      await dialog.locator('#displayName').fill('Support (builder)');
      await dialog.getByTestId('create-mode').getByText('Builder').click();
      await dialog
        .getByRole('textbox', { name: 'Task' })
        .fill('Answer the question about {{ product }}: {{ question }}');
      await shot('builder-01-create');
      await dialog.getByRole('button', { name: 'Create prompt' }).click();
      await page.waitForURL(new RegExp(`/prompts/${PROMPT}/editor`));
      await page.getByTestId('builder-editor').waitFor();
      const text = await compiledText();
      expect(text.startsWith('## Task\nAnswer the question about {{ product }}: {{ question }}'), `preview: ${text}`);
    });

    await step('fills in the form: the preview follows, an undeclared variable is flagged in place', async () => {
      await page.getByRole('textbox', { name: 'Role' }).fill('You are a support agent for {{ product }}.');
      await page.getByTestId('builder-add-constraint').click();
      await page.getByRole('textbox', { name: 'Constraint 1' }).fill('At most {{ limit }} words.');
      await waitForCompiled('## Constraints\n- At most {{ limit }} words.', 'the constraint');
      const warning = page.locator('[data-testid="builder-warning"][data-code="undeclared_variable"]');
      await warning.first().waitFor();
      expect((await warning.first().textContent()).includes('{{ limit }} is used but not declared'), 'warning text');
      const text = await compiledText();
      expect(text.startsWith('## Role\nYou are a support agent for {{ product }}.\n\n## Task\n'), `preview: ${text}`);
      await shot('builder-02-form-markdown');
    });

    await step('switches the profile to XML and sees the preview change', async () => {
      await page.getByTestId('builder-profile').getByText('XML').click();
      await waitForCompiled('<role>\nYou are a support agent', 'XML sections', true);
      const text = await compiledText();
      expect(text.includes('<task>\nAnswer the question about {{ product }}: {{ question }}\n</task>'), `xml: ${text}`);
      expect(!text.includes('## Task'), 'no markdown heading left');
      await shot('builder-03-xml');
    });

    await step('the cost radar under the preview follows the model chosen for the version', async () => {
      const option = (text) =>
        page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
          hasText: text,
        });
      const sideTab = (name) => page.getByRole('tab', { name, exact: true });
      const settings = () => page.locator('.model-settings');
      const radarCost = () => page.getByTestId('cost-radar').getByTestId('radar-cost').innerText();
      await sideTab('Model settings').click();
      await settings()
        .locator('.ant-form-item', { hasText: 'Provider' })
        .first()
        .locator('.ant-select-selector')
        .click();
      await option('builder-llm').first().click();
      await settings().locator('.ant-form-item', { hasText: 'Model' }).last().locator('.ant-select-selector').click();
      await option(/^gpt-4o$/).click();
      await sideTab('Live preview').click();
      // The radar counts the rendered prompt, so the variables get values first.
      const inputs = page.getByTestId('draft-preview-form').locator('input');
      for (let i = 0; i < (await inputs.count()); i++)
        await inputs.nth(i).fill(['Acme', 'Where is my invoice?', '50'][i] ?? 'x');
      await page.getByTestId('cost-radar').getByText('gpt-4o', { exact: true }).waitFor();
      await page.getByTestId('cost-radar').getByTestId('radar-cost').getByText(/\$/).waitFor();
      const before = await radarCost();
      await sideTab('Model settings').click();
      await settings().locator('.ant-form-item', { hasText: 'Model' }).last().locator('.ant-select-selector').click();
      await option('claude-sonnet-4-5').click();
      await sideTab('Live preview').click();
      await page.getByTestId('cost-radar').getByText('claude-sonnet-4-5', { exact: true }).waitFor();
      await page.waitForFunction(
        (previous) =>
          globalThis.document.querySelector('[data-testid="cost-radar"] [data-testid="radar-cost"]')?.textContent !==
          previous,
        before,
      );
      expect((await radarCost()) !== before, `the cost stayed ${before}`);
      await shot('builder-03b-radar');
      // The side tabs overflow at this width and the compiled template's has scrolled out of the
      // strip: click it where it is, as its "…" menu entry would.
      await page.locator('.ant-tabs-tab[data-node-key="compiled"] .ant-tabs-tab-btn').dispatchEvent('click');
      await page.getByTestId('builder-profile').waitFor();
      await compiled().waitFor();
    });

    await step('picks a few-shot example from a dataset', async () => {
      await page.getByTestId('builder-from-dataset').click();
      const dialog = page.getByRole('dialog', { name: 'Pick examples from a dataset' });
      await dialog.getByRole('combobox', { name: 'Dataset', exact: true }).click();
      await page.locator('.ant-select-item-option', { hasText: DATASET }).click();
      const row = dialog.locator('.ant-table-tbody tr', { hasText: '发票在哪里下载' });
      await row.locator('input[type="checkbox"]').check();
      await shot('builder-04-dataset');
      await dialog.getByRole('button', { name: 'Add 1 examples' }).click();
      await waitForCompiled('<example>\n<input>\nquestion: 发票在哪里下载？', 'the example');
      expect((await compiledText()).includes('<output>\n在“账单 > 发票”中下载。\n</output>'), 'example output');
    });

    let saved;
    await step('saves: the server stores the same template and renders it', async () => {
      const preview = await compiledText();
      await page.getByTestId('builder-save').click();
      await page.getByText('Saved as version 2').waitFor();
      await page.waitForURL(/editor\?from=2$/);
      saved = await admin('GET', `/api/v1/prompts/${PROMPT}/versions/2`);
      expect(saved.builderSpec?.profile === 'xml', `spec: ${JSON.stringify(saved.builderSpec)}`);
      expect(saved.builderSpec.datasetRef?.name === DATASET, 'datasetRef recorded');
      expect(
        saved.template === preview,
        `server template differs from the preview:\n${saved.template}\n---\n${preview}`,
      );
      expect(
        saved.variablesMeta.some((v) => v.name === 'limit'),
        'limit declared on save',
      );
      const rendered = await admin('POST', `/api/v1/prompts/${PROMPT}/render`, {
        version: 2,
        variables: { product: 'Acme', question: 'Where is my invoice?', limit: '50' },
      });
      expect(
        rendered.text.startsWith(
          '<role>\nYou are a support agent for Acme.\n</role>\n\n<task>\nAnswer the question about Acme: Where is my invoice?\n</task>',
        ),
        `render: ${rendered.text}`,
      );
      expect(rendered.text.includes('- At most 50 words.'), 'constraint rendered');
      await page.getByTestId('builder-editor').waitFor();
      await shot('builder-05-saved');
    });

    await step('reads the builder in Chinese (中文)', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.reload();
      await page.getByTestId('builder-editor').waitFor();
      await page.getByText('编译后的模板').waitFor();
      await page.getByText('切换到代码').waitFor();
      await page.getByRole('textbox', { name: '约束 1' }).fill('最多 {{ max_chars }} 字');
      const warning = page.locator('[data-testid="builder-warning"][data-code="undeclared_variable"]');
      await warning.first().waitFor();
      const text = await warning.first().textContent();
      expect(text.includes('使用了未声明的变量'), `zh warning: ${text}`);
      await shot('builder-06-zh');
      await page.getByTestId('builder-profile').getByText('Markdown').click();
      await waitForCompiled('## Constraints\n- 最多 {{ max_chars }} 字', 'the Chinese constraint');
      await page.evaluate(() => localStorage.setItem('promptops.language', 'en'));
      await page.reload();
      await page.getByTestId('builder-editor').waitFor();
    });

    await step('switches to code after a one-way warning; the new version stays in code', async () => {
      // A saved builder version opens without unsaved changes.
      await page.getByText('Compiled template').waitFor();
      expect((await page.getByText('Unsaved changes').count()) === 0, 'a freshly opened version is not dirty');
      await page.getByTestId('builder-switch-to-code').click();
      const confirm = page.locator('.ant-modal-confirm');
      await confirm.getByText('This is one-way').waitFor();
      await shot('builder-07-switch-warning');
      await page.locator('#builder-switch-confirm').click();
      await page.waitForURL(/editor\?from=3$/);
      await page.getByTestId('template-editor').waitFor();
      expect((await page.getByTestId('builder-editor').count()) === 0, 'the builder is gone');
      const code = await admin('GET', `/api/v1/prompts/${PROMPT}/versions/3`);
      expect(code.builderSpec === null, 'version 3 is code');
      expect(code.template === saved.template, 'the code version starts from the compiled template');
      const diff = await admin('GET', `/api/v1/prompts/${PROMPT}/diff?from=2&to=3`);
      expect(diff.builderSpec[0]?.name === 'mode', `diff: ${JSON.stringify(diff.builderSpec)}`);
      await shot('builder-08-code');
    });

    await step('the diff tab shows the builder changes', async () => {
      await page.goto(`/prompts/${PROMPT}/diff?from=1&to=2`);
      await page.getByText('Builder changes').waitFor();
      await page.locator('.ant-table-row', { hasText: 'profile' }).waitFor();
      await shot('builder-09-diff');
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

await main();
