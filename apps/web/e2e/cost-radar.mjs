/**
 * Browser test of the cost radar, one story: an operator opens a prompt in the editor, types, and
 * watches its token count and worst-case cost follow without a request to the server per
 * keystroke; switches the model and sees the cost (and the approximate label) change; compares
 * the prompt across the configured models, sorted by cost; pastes a long text and sees
 * context_window_exceeded; then finds the same radar in the Playground, in English and Chinese.
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

const PROVIDER = 'radar-llm';
const PROMPT = 'radar-demo';
/** Exact (o200k, cl100k), approximate (Claude) and a provider-priced model. */
const MODELS = [
  { id: 'gpt-4o' },
  { id: 'gpt-4' },
  { id: 'claude-sonnet-4-5' },
  { id: 'house-model', inputPricePerMTok: 0.01, outputPricePerMTok: 0.02 },
];

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-cost-radar-e2e-'));
  let api;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });
    await admin('POST', '/api/v1/providers', {
      name: PROVIDER,
      kind: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:9/v1',
      models: MODELS,
    });
    await admin('POST', '/api/v1/prompts', {
      name: PROMPT,
      displayName: 'Radar demo',
      template: 'Summarize the notes below for {{ audience }} in three bullet points.',
      modelConfig: { provider: PROVIDER, model: 'gpt-4o', maxTokens: 100 },
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

    // Every request the page makes to the API, to prove typing sends none.
    const apiRequests = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request.url());
    });
    const radar = () => page.getByTestId('cost-radar').first();
    const tokensText = () => radar().getByTestId('radar-tokens').innerText();
    const costText = () => radar().getByTestId('radar-cost').innerText();
    const waitForChange = async (read, before, what) => {
      for (let i = 0; (await read()) === before || (await read()) === '…'; i++) {
        expect(i < 100, `the ${what} did not change from ${before}`);
        await page.waitForTimeout(100);
      }
      return read();
    };
    const tableRows = () => radar().locator('[data-testid="radar-table"] .ant-table-tbody tr.ant-table-row');
    const rowOf = (model) => tableRows().filter({ hasText: `${PROVIDER}/${model}` });
    const editor = () => page.locator('[data-testid="template-editor"] .monaco-editor').first();
    const option = (text) =>
      page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });

    await step('signs in and opens the prompt in the editor, the radar beside the preview', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.goto(`/prompts/${PROMPT}/editor`);
      await editor().waitFor();
      await page.locator('.version-editor__side').getByRole('tab', { name: 'Live preview' }).click();
      await radar().getByText('Fill in the variables').waitFor();
      await page.getByTestId('draft-preview').getByLabel('audience').fill('the board');
      await radar()
        .getByTestId('radar-tokens')
        .getByText(/^\d+ tokens$/)
        .waitFor();
      await radar()
        .getByTestId('radar-cost')
        .getByText(/^at most \$/)
        .waitFor();
      await shot('cost-radar-01-editor');
    });

    await step('counts as the user types, in the browser, without a request per keystroke', async () => {
      const tokens = await tokensText();
      const cost = await costText();
      await editor().click();
      await page.keyboard.press('ControlOrMeta+End');
      const before = apiRequests.length;
      const typed = ' Keep each bullet under twenty words and name the owner of every action item.';
      await page.keyboard.type(typed, { delay: 15 });
      const after = await waitForChange(tokensText, tokens, 'token count');
      expect(Number(after.split(' ')[0]) > Number(tokens.split(' ')[0]), `tokens went from ${tokens} to ${after}`);
      expect((await costText()) !== cost, `the cost stayed at ${cost}`);
      const sent = apiRequests.slice(before);
      expect(sent.length === 0, `typing ${typed.length} characters sent ${sent.length} requests: ${sent.join(', ')}`);
      await shot('cost-radar-02-typed');
    });

    await step('compares the prompt across the configured models, sortable by cost', async () => {
      expect((await tableRows().count()) === MODELS.length, `the table lists ${await tableRows().count()} models`);
      await rowOf('gpt-4o').getByText('exact').waitFor();
      await rowOf('claude-sonnet-4-5').getByText('approx.').waitFor();
      await rowOf('gpt-4').getByText('price unknown').waitFor();
      await rowOf('house-model').getByTestId('radar-row-cost').getByText(/^\$/).waitFor();
      await radar().locator('.ant-table-thead th', { hasText: 'Worst-case cost' }).click();
      const first = await tableRows().first().innerText();
      expect(first.includes('house-model'), `the cheapest model is not first: ${first}`);
      await radar().locator('.ant-table-thead th', { hasText: 'Worst-case cost' }).click();
      const dearest = await tableRows().first().innerText();
      expect(dearest.includes('price unknown'), `descending order starts with ${dearest}`);
      const cheapest = await tableRows()
        .nth(MODELS.length - 1)
        .innerText();
      expect(cheapest.includes('house-model'), `descending order ends with ${cheapest}`);
      await shot('cost-radar-03-table');
    });

    await step('changing the model changes the cost, and an approximate count says so', async () => {
      const cost = await costText();
      await page.locator('.version-editor__side').getByRole('tab', { name: 'Model settings' }).click();
      const field = page.locator('.model-settings .ant-form-item', { hasText: 'Model' }).first();
      await field.locator('.ant-select-selector').click();
      await option('claude-sonnet-4-5').click();
      await page.locator('.version-editor__side').getByRole('tab', { name: 'Live preview' }).click();
      await radar().getByText('claude-sonnet-4-5', { exact: true }).waitFor();
      await waitForChange(costText, cost, 'cost');
      await radar().getByTestId('radar-tokens').getByText('(approx.)').waitFor();
      await shot('cost-radar-04-claude');
    });

    await step('a prompt above the model’s context window is flagged context_window_exceeded', async () => {
      await page.locator('.version-editor__side').getByRole('tab', { name: 'Model settings' }).click();
      const field = page.locator('.model-settings .ant-form-item', { hasText: 'Model' }).first();
      await field.locator('.ant-select-selector').click();
      await option(/^gpt-4$/).click();
      await page.locator('.version-editor__side').getByRole('tab', { name: 'Live preview' }).click();
      expect((await page.getByTestId('context-window-warning').count()) === 0, 'a short prompt flagged');
      await editor().click();
      await page.keyboard.press('ControlOrMeta+End');
      // About 50 KB of notes: some 12,000 cl100k tokens, past GPT-4's 8,192.
      const notes = Array.from({ length: 900 }, (_, i) => `Item ${i}: the vendor shipped late again, see ticket.`);
      await page.keyboard.insertText(`\n${notes.join('\n')}`);
      await page.getByTestId('context-window-warning').getByText('context_window_exceeded').waitFor();
      await rowOf('gpt-4').getByText('no', { exact: true }).waitFor();
      await rowOf('gpt-4o').getByText('yes', { exact: true }).waitFor();
      await shot('cost-radar-05-context-window');
    });

    await step('the Playground shows the radar and follows the variables without a request per keystroke', async () => {
      await page.goto(`/playground?prompt=${PROMPT}`);
      const audience = page.getByTestId('playground-form').getByLabel('audience');
      await audience.fill('the board');
      await page
        .getByTestId('estimated-cost')
        .getByText(/^at most \$/)
        .waitFor();
      await radar()
        .getByTestId('radar-cost')
        .getByText(/^at most \$/)
        .waitFor();
      expect((await tableRows().count()) === MODELS.length, 'the Playground table misses models');
      const tokens = await tokensText();
      const before = apiRequests.length;
      await audience.click();
      await page.keyboard.press('End');
      await page.keyboard.type(' and the finance team of the northern region', { delay: 15 });
      await waitForChange(tokensText, tokens, 'Playground token count');
      const sent = apiRequests.slice(before);
      expect(sent.length === 0, `typing in the Playground sent ${sent.length} requests: ${sent.join(', ')}`);
      await shot('cost-radar-06-playground');
    });

    await step('choosing another model in the Playground changes the cost', async () => {
      const cost = await page.getByTestId('estimated-cost').innerText();
      await page.locator('.playground-grid__inputs .target-select__model .ant-select-selector').click();
      await option('house-model').last().click();
      for (let i = 0; (await page.getByTestId('estimated-cost').innerText()) === cost; i++) {
        expect(i < 100, `the Playground cost stayed at ${cost}`);
        await page.waitForTimeout(100);
      }
      await radar().getByText('house-model', { exact: true }).waitFor();
    });

    await step('reads the radar in Chinese', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.reload();
      await page.getByTestId('playground-form').getByLabel('audience').fill('董事会和北方区域的财务团队');
      await radar().getByText('成本雷达').waitFor();
      await radar()
        .getByTestId('radar-cost')
        .getByText(/^最多 \$/)
        .waitFor();
      await radar().locator('.ant-table-thead th', { hasText: '最坏情况成本' }).waitFor();
      await rowOf('claude-sonnet-4-5').getByText('近似').waitFor();
      await shot('cost-radar-07-zh');
      await page.evaluate(() => localStorage.setItem('promptops.language', 'en'));
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
