/**
 * Browser test of the evaluation lab, one flow: a dataset made by importing a CSV through the
 * Datasets pages, a prompt whose v2 asks for the number only, an experiment comparing v1 and v2
 * (3 repetitions, exact match) started from the console, its progress bar moving live, the
 * verdict "v2 better than v1" and the results grid; then the same pages in Chinese. Against the
 * real API on a throw-away SQLite file and the fake model server (`fake-calc` does the sums), each
 * model call held back a little so that the progress can be seen moving. Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeLlmServer } from '../../api/test/fake-llm/fake-llm-server.js';
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

const DATASET = 'sums';
const PROMPT = 'calculator';
const PROVIDER = 'calc-llm';
/** Eight sums: enough paired items for a verdict (six at least). */
const SUMS = [
  [12, 30],
  [1, 1],
  [7, 8],
  [20, 22],
  [100, 23],
  [5, 9],
  [40, 2],
  [64, 36],
];
const CSV = ['a,b,expected', ...SUMS.map(([a, b]) => `${a},${b},${a + b}`)].join('\n');
const REPETITIONS = 3;
/** How long each model call is held back: 48 calls then take a few seconds, long enough to watch. */
const MODEL_DELAY_MS = 250;

/** A proxy in front of the fake model server that answers each request after a pause. */
async function startSlowProxy(targetUrl, delayMs) {
  const target = new URL(targetUrl);
  const server = createServer((req, res) => {
    setTimeout(() => {
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-experiments-e2e-'));
  const csvFile = join(dataDir, 'sums.csv');
  await writeFile(csvFile, CSV);
  let api;
  let fakeModels;
  let proxy;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fakeModels = await FakeLlmServer.start();
    proxy = await startSlowProxy(fakeModels.url, MODEL_DELAY_MS);
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });

    // The prompt and its provider are set up through the API: this test is about experiments.
    await admin('POST', '/api/v1/providers', {
      name: PROVIDER,
      kind: 'openai-compatible',
      baseUrl: `${proxy.url}/v1`,
      models: [{ id: 'fake-calc' }],
    });
    const modelConfig = { provider: PROVIDER, model: 'fake-calc' };
    await admin('POST', '/api/v1/prompts', {
      name: PROMPT,
      displayName: 'Calculator',
      template: 'What is {{ a }} + {{ b }}?',
      modelConfig,
    });
    await admin('POST', `/api/v1/prompts/${PROMPT}/versions`, {
      template: 'What is {{ a }} + {{ b }}? Answer with the number only.',
      modelConfig,
    });
    // A prompt that needs a variable the dataset lacks: the form must say so and refuse to start.
    await admin('POST', '/api/v1/prompts', {
      name: 'three-sums',
      displayName: 'Three sums',
      template: 'What is {{ a }} + {{ b }} + {{ c }}?',
      modelConfig,
    });

    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    const option = (text) =>
      page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
    const pick = async (scope, label, text) => {
      await scope.getByRole('combobox', { name: label, exact: true }).click({ force: true });
      await option(text).first().click();
    };
    const setLanguage = async (language) => {
      await page.evaluate((value) => localStorage.setItem('promptops.language', value), language);
      await page.reload();
    };
    // The list loaded and faded back in from its loading state.
    const listSettled = async () => {
      await page.getByTestId('experiment-list').locator('.ant-spin-blur').waitFor({ state: 'detached' });
      await page.waitForTimeout(400);
    };
    let experimentUrl;

    await step('signs in and imports the sums as a dataset through the Datasets pages', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByRole('menuitem', { name: 'Datasets' }).click();
      await page.getByTestId('new-dataset').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('#name').fill(DATASET);
      await dialog.locator('input[type="file"]').setInputFiles(csvFile);
      await dialog.getByTestId('create-dataset-file').getByText('sums.csv').waitFor();
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(new RegExp(`/datasets/${DATASET}$`));
      const items = page.getByTestId('dataset-items').locator('tbody tr.ant-table-row');
      await items.nth(SUMS.length - 1).waitFor();
      expect((await items.count()) === SUMS.length, `the dataset shows ${await items.count()} items`);
    });

    await step('explains experiments on the empty list and opens the form', async () => {
      await page.getByRole('menuitem', { name: 'Experiments' }).click();
      await page.waitForURL(/\/experiments$/);
      const empty = page.getByTestId('experiments-empty');
      await empty.getByText('Is version 2 better than version 1?').waitFor();
      await shot('experiments-01-empty');
      await empty.getByRole('button', { name: 'New experiment' }).click();
      await page.waitForURL(/\/experiments\/new$/);
    });

    await step('compares v1 with v2, 3 repetitions, exact match, with the estimate beside it', async () => {
      const form = page.getByTestId('new-experiment-form');
      await form.getByLabel('Name', { exact: true }).first().fill('Number only, v2 vs v1');
      await pick(form, 'Dataset', DATASET);
      await pick(page.getByTestId('variant-0'), 'Prompt of variant 1', PROMPT);
      await pick(page.getByTestId('variant-0'), 'Version of variant 1', 'v1');
      // First a prompt that needs {{ c }}, which no item has: an error in place, and no start.
      await pick(page.getByTestId('variant-1'), 'Prompt of variant 2', 'three-sums');
      await page
        .getByTestId('variant-1-missing')
        .getByText(`{{ c }}: ${SUMS.length} of ${SUMS.length} items lack it`)
        .waitFor();
      await page.getByTestId('estimate-missing').waitFor();
      expect(await page.getByTestId('start-experiment').isDisabled(), 'it can start with a variable missing');
      await shot('experiments-02a-missing-variable');
      await pick(page.getByTestId('variant-1'), 'Prompt of variant 2', PROMPT);
      await pick(page.getByTestId('variant-1'), 'Version of variant 2', 'v2');
      await page.getByTestId('variant-1-missing').waitFor({ state: 'detached' });
      await form.getByLabel('Repetitions').fill(String(REPETITIONS));
      const results = SUMS.length * 2 * REPETITIONS;
      await page
        .getByTestId('estimate-formula')
        .getByText(`${SUMS.length} items × 2 variants × ${REPETITIONS} repetitions = ${results} results`)
        .waitFor();
      expect((await page.getByTestId('estimate-missing').count()) === 0, 'the estimate reports missing variables');
      await shot('experiments-02-new');
    });

    await step('starts it and watches the progress bar move until it completes', async () => {
      await page.getByTestId('start-experiment').click();
      await page.waitForURL(/\/experiments\/\d+$/);
      experimentUrl = page.url();
      const progress = page.getByTestId('experiment-progress');
      await progress.waitFor();
      const seen = new Set();
      const deadline = Date.now() + 60_000;
      let total = 0;
      while (Date.now() < deadline) {
        const done = Number(await progress.getAttribute('data-done'));
        total = Number(await progress.getAttribute('data-total'));
        seen.add(done);
        if (seen.size === 2) await shot('experiments-03-running');
        if (total > 0 && done === total) break;
        await page.waitForTimeout(100);
      }
      expect(total === SUMS.length * 2 * REPETITIONS, `the experiment plans ${total} results`);
      expect(seen.has(total), `the progress never reached ${total}: saw ${[...seen].join(', ')}`);
      const between = [...seen].filter((done) => done > 0 && done < total);
      expect(between.length > 0, `the progress bar jumped straight to the end: saw ${[...seen].join(', ')}`);
      await page.locator('[data-testid="experiment-page"][data-status="completed"]').waitFor();
    });

    await step('says v2 is better than v1, with the summary and charts', async () => {
      const verdict = page.locator('[data-testid="verdict"][data-verdict="better"]');
      await verdict.getByText(/v2 better than v1 on ‘exact’, p [=<] [\d.]+, \+1\.00/).waitFor();
      const summaryTable = page.getByTestId('experiment-summary');
      await summaryTable.getByText('100%').first().waitFor();
      await page.getByTestId('experiment-charts').locator('canvas').first().waitFor();
      await shot('experiments-04-verdict');
    });

    await step('shows every item with both variants side by side, and filters to improvements', async () => {
      const grid = page.getByTestId('results-grid');
      const rows = grid.locator('tbody tr.ant-table-row');
      await rows.first().waitFor();
      expect((await rows.count()) === SUMS.length, `the grid shows ${await rows.count()} items`);
      const first = rows.filter({ hasText: '12' }).filter({ hasText: '30' }).first();
      await first.getByText('The answer is 42.').waitFor();
      await first.getByText('+1.00').waitFor();
      expect((await first.locator('.result-dot--pass').count()) === REPETITIONS, 'v2 passes every try');
      expect((await first.locator('.result-dot--fail').count()) === REPETITIONS, 'v1 fails every try');
      await grid.getByText('Regressions').click();
      await grid.getByText('No item scores lower on the candidate').waitFor();
      await grid.getByText('Improvements').click();
      await page.waitForURL(/filter=improvements/);
      await rows.nth(SUMS.length - 1).waitFor();
      await rows.first().locator('.ant-table-row-expand-icon').click();
      await page
        .locator('.grid-details')
        .getByRole('link', { name: /run #\d+/ })
        .first()
        .waitFor();
      await shot('experiments-05-grid');
    });

    await step('downloads the Markdown report', async () => {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Report' }).hover();
      await page.getByRole('menuitem', { name: /Markdown/ }).click();
      expect((await download).suggestedFilename().endsWith('.md'), 'the report is not a .md file');
    });

    await step('lists the experiment with its status, and shows the pages in Chinese', async () => {
      await page.goto('/experiments');
      const row = page.getByTestId('experiment-list').locator('tbody tr.ant-table-row').first();
      await row.getByText('Number only, v2 vs v1').waitFor();
      await row.getByText('Completed').waitFor();
      await listSettled();
      await shot('experiments-06-list');
      await setLanguage('zh');
      await page.getByRole('menuitem', { name: '实验' }).waitFor();
      await page.getByTestId('experiment-list').getByText('已完成').waitFor();
      await listSettled();
      await shot('experiments-zh-01-list');
      await page.goto(experimentUrl);
      await page
        .getByTestId('verdict')
        .getByText(/v2 优于 v1/)
        .waitFor();
      await shot('experiments-zh-02-page');
      await page.goto('/experiments/new');
      await page.getByText('添加变体').waitFor();
      await shot('experiments-zh-03-new');
      await setLanguage('en');
    });

    exitCode = summary();
  } catch (error) {
    console.error(error);
  } finally {
    await browser?.close();
    await stopApi(api?.child);
    await proxy?.close();
    await fakeModels?.close?.();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

await main();
