/**
 * Browser test of datasets: create a dataset and fill it by importing a CSV, see the items,
 * edit one (version 2), read the history, export, see a bad file refused with its line and
 * column, add a run from the run log and a Playground answer, in English and in Chinese. Against the real API on a throw-away SQLite file; the
 * console build comes from E2E_WEB_DIST (default apps/web/dist). Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeLlmServer } from '../../api/test/fake-llm/fake-llm-server.js';
import {
  ADMIN,
  apiClient,
  TIMEOUT_MS,
  apiMain,
  createRunner,
  expect,
  launchChromium,
  startApi,
  stopApi,
  webDist,
} from './lib.mjs';

const DATASET = 'support-questions';
const CSV = [
  'question,tone,expected',
  'How do I reset my password?,friendly,Use the reset link on the sign-in page.',
  'Can I pay by invoice?,formal,"{""answer"": ""yes""}"',
  'Do you ship to Norway?,,Yes',
].join('\n');
const BAD_CSV = ['question,tone', 'fine,friendly', 'broken,formal,extra'].join('\n');

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-datasets-e2e-'));
  const csvFile = join(dataDir, 'cases.csv');
  const badFile = join(dataDir, 'bad.csv');
  await writeFile(csvFile, CSV);
  await writeFile(badFile, BAD_CSV);
  let api;
  let browser;
  let fake;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fake = await FakeLlmServer.start({ answers: { 'fake-poem': 'Rain on the roof, a quiet drum.' } });
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
    const setLanguage = async (language) => {
      await page.evaluate((value) => localStorage.setItem('promptops.language', value), language);
      await page.reload();
    };
    // Dialogs opening and dropdowns closing, over before a screenshot.
    const settled = () =>
      page.waitForFunction(
        () => !globalThis.document.querySelector('.ant-zoom-appear, .ant-zoom-enter, .ant-slide-up-leave'),
      );
    // The items table loaded and faded back in from its loading state.
    const tableSettled = async () => {
      await page.getByTestId('dataset-items').locator('.ant-spin-blur').waitFor({ state: 'detached' });
      await page.waitForTimeout(400);
    };
    const itemRows = () => page.getByTestId('dataset-items').locator('tbody tr.ant-table-row');

    await step('signs in and opens Datasets from the menu, with the demo dataset', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByRole('menuitem', { name: 'Datasets' }).click();
      await page.waitForURL(/\/datasets$/);
      await page.getByRole('link', { name: 'support-messages' }).waitFor();
      await shot('datasets-01-list');
    });

    await step('creates a dataset by importing a CSV: its items are version 1', async () => {
      await page.getByTestId('new-dataset').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('#name').fill(DATASET);
      await dialog.locator('#description').fill('Questions from the help desk');
      await dialog.locator('input[type="file"]').setInputFiles(csvFile);
      await dialog.getByTestId('create-dataset-file').getByText('cases.csv').waitFor();
      await settled();
      await shot('datasets-02-create');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(new RegExp(`/datasets/${DATASET}$`));
      await expectRows(itemRows, 3);
      await page.getByText('v1 (latest)').first().waitFor();
      await page.getByText('Questions from the help desk').waitFor();
      const headers = await page.getByTestId('dataset-items').locator('thead th').allInnerTexts();
      expect(headers.join('|').includes('question') && headers.join('|').includes('tone'), `columns: ${headers}`);
      await tableSettled();
      await shot('datasets-03-items');
    });

    await step('edits one item, which makes version 2 while version 1 keeps the old text', async () => {
      await itemRows().first().getByTestId('edit-item').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Each change makes a new version').waitFor();
      await dialog.locator('#expected').fill('Click "Forgot password" on the sign-in page.');
      await shot('datasets-04-edit');
      await dialog.getByRole('button', { name: 'OK' }).click();
      await page.getByText('Saved as version 2').waitFor();
      await itemRows().first().getByText('Click "Forgot password"').waitFor();
      await page.getByTestId('dataset-version-select').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'v1' }).click();
      await page.getByText('You are looking at version 1').waitFor();
      await itemRows().first().getByText('Use the reset link').waitFor();
      await page.getByRole('tab', { name: 'Versions' }).click();
      const versions = page.getByTestId('dataset-versions').locator('tbody tr.ant-table-row');
      await expectRows(() => versions, 2);
      await versions.first().getByText('Updated 1 item').waitFor();
      await shot('datasets-05-versions');
    });

    await step('exports the latest version as CSV', async () => {
      await page.getByRole('tab', { name: 'Items' }).click();
      await page.getByTestId('dataset-version-select').click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'latest' }).click();
      await page.getByTestId('export-dataset').hover();
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: 'CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename() === `${DATASET}.csv`, `file name ${file.suggestedFilename()}`);
      const text = await readFile(await file.path(), 'utf8');
      expect(text.startsWith('question,tone,expected,metadata'), `export starts: ${text.slice(0, 60)}`);
      expect(text.includes('Forgot password'), 'the export holds the edited item');
    });

    await step(
      'refuses a malformed CSV in place, naming its line and column',
      async () => {
        await page.getByTestId('import-dataset').click();
        await page.getByRole('dialog').locator('input[type="file"]').setInputFiles(badFile);
        await page.getByTestId('dataset-import-error').getByText('Line 3, column 3', { exact: true }).waitFor();
        await shot('datasets-06-import-error');
        await page.keyboard.press('Escape');
        await expectRows(itemRows, 3);
      },
      { allowHttpErrors: true },
    );

    await step('adds a run from the run log to the dataset, with a better expected answer', async () => {
      const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
      const admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
      await admin('POST', '/api/v1/providers', {
        name: 'poem-llm',
        kind: 'openai-compatible',
        baseUrl: `${fake.url}/v1`,
        models: [{ id: 'fake-poem' }],
      });
      await admin('POST', '/api/v1/prompts', {
        name: 'rain-poem',
        displayName: 'Rain poem',
        template: 'Write a line about {{ question }}',
        modelConfig: { provider: 'poem-llm', model: 'fake-poem' },
      });
      const run = await admin('POST', '/api/v1/playground/runs', {
        prompt: 'rain-poem',
        version: 1,
        variables: { question: 'rain' },
        provider: 'poem-llm',
        model: 'fake-poem',
      });
      await page.goto(`/runs?run=${run.runId}`);
      await page.getByTestId('add-to-dataset').click();
      const dialog = page.getByRole('dialog', { name: `Add run #${run.runId} to a dataset` });
      await dialog.getByTestId('add-to-dataset-select').click();
      await page.locator('.ant-select-item-option').filter({ hasText: DATASET }).click();
      await dialog.locator('#expected').fill('Rain taps softly on the roof.');
      await shot('datasets-07-add-run');
      await dialog.getByRole('button', { name: 'OK' }).click();
      await page.getByText(`Added to ${DATASET} as version 3`).waitFor();
      await page.goto(`/datasets/${DATASET}`);
      await expectRows(itemRows, 4);
      await itemRows().last().getByText('Rain taps softly on the roof.').waitFor();
    });

    await step('adds a Playground answer to the dataset', async () => {
      await page.goto('/playground?prompt=rain-poem');
      await page.getByTestId('playground-form').getByLabel('question').fill('snow');
      await page.getByTestId('run').click();
      const answer = page.getByTestId('answer');
      await answer.getByText('Rain on the roof, a quiet drum.').waitFor();
      await answer.getByTestId('add-to-dataset').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('add-to-dataset-select').click();
      await page.locator('.ant-select-item-option').filter({ hasText: DATASET }).click();
      await settled();
      await shot('datasets-08-add-playground-answer');
      await dialog.getByRole('button', { name: 'OK' }).click();
      await page.getByText(`Added to ${DATASET} as version 4`).waitFor();
      await page.goto(`/datasets/${DATASET}`);
      await expectRows(itemRows, 5);
      await itemRows().last().getByText('snow').waitFor();
    });

    await step(
      'shows the dataset pages and an import error in Chinese',
      async () => {
        await setLanguage('zh');
        await page.getByRole('tab', { name: '条目' }).waitFor();
        await itemRows().first().waitFor();
        await tableSettled();
        await shot('datasets-zh-01-items');
        await page.getByTestId('import-dataset').click();
        await page.getByText('将 CSV、JSONL 或 JSON 文件拖到此处').waitFor();
        await page.getByRole('dialog').locator('input[type="file"]').setInputFiles(badFile);
        await page.getByTestId('dataset-import-error').getByText('第 3 行，第 3 列').waitFor();
        await settled();
        await shot('datasets-zh-02-import-error');
        await page.keyboard.press('Escape');
        await page.goto('/datasets');
        await page.getByRole('link', { name: DATASET }).waitFor();
        await shot('datasets-zh-03-list');
        await setLanguage('en');
      },
      { allowHttpErrors: true },
    );

    exitCode = summary();
  } catch (error) {
    console.error(error);
  } finally {
    await browser?.close();
    await stopApi(api?.child);
    await fake?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

async function expectRows(rows, count) {
  const deadline = Date.now() + TIMEOUT_MS;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = await rows().count();
    if (seen === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} rows, saw ${seen}`);
}

await main();
