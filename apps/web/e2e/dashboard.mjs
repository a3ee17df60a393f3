/**
 * Browser test of the Monitoring dashboard and a prompt's Metrics tab: traffic through the run API
 * with an API key against the repo's fake model (version 1 in prod answers, version 2 in staging
 * fails), a rollup pass from the admin endpoint, then the stat cards, charts and top tables, a
 * range and a filter switch kept in the URL, the prompt's versions compared, and the labels in
 * 中文. Screenshots in e2e/screenshots/. Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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
  startApi,
  stopApi,
  TIMEOUT_MS,
  webDist,
} from './lib.mjs';

const PROMPT = 'parcel-answer';
const PROD_CALLS = 6;
const STAGING_CALLS = 3;

/** A prompt whose v1 (prod) answers and v2 (staging) always fails, called through the run API. */
async function makeTraffic(baseUrl, admin, fake) {
  await admin('POST', '/api/v1/providers', {
    name: 'fake-llm',
    kind: 'openai-compatible',
    baseUrl: `${fake.url}/v1`,
    models: [
      { id: 'fake-delay-40', inputPricePerMTok: 2500, outputPricePerMTok: 10000 },
      { id: 'fake-500', inputPricePerMTok: 2500, outputPricePerMTok: 10000 },
    ],
  });
  const template = 'Answer the customer: {{ question }}';
  const variablesMeta = [{ name: 'question', type: 'string', required: true }];
  await admin('POST', '/api/v1/prompts', {
    name: PROMPT,
    displayName: 'Parcel answer',
    template,
    variablesMeta,
    modelConfig: { provider: 'fake-llm', model: 'fake-delay-40' },
    status: 'published',
  });
  await admin('POST', `/api/v1/prompts/${PROMPT}/versions`, {
    template: `${template} Be brief.`,
    variablesMeta,
    modelConfig: { provider: 'fake-llm', model: 'fake-500' },
    status: 'published',
  });
  await admin('PUT', `/api/v1/prompts/${PROMPT}/deployments/prod`, { version: 1 });
  await admin('PUT', `/api/v1/prompts/${PROMPT}/deployments/staging`, { version: 2 });
  const { key } = await admin('POST', '/api/v1/api-keys', {
    name: 'dashboard-e2e',
    scopes: ['run'],
    rateLimitPerMinute: 1000,
  });
  const run = async (environment) => {
    const response = await fetch(`${baseUrl}/api/v1/run/${PROMPT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify({ variables: { question: 'Where is my parcel?' }, environment }),
    });
    await response.text();
    return response.status;
  };
  for (let i = 0; i < PROD_CALLS; i++) expect((await run('prod')) === 200, 'a prod call failed');
  for (let i = 0; i < STAGING_CALLS; i++) expect((await run('staging')) >= 500, 'a staging call did not fail');
  await admin('POST', '/api/v1/metrics/rollup', {});
}

/** Clicks an option of the open antd Select dropdown by its exact text. */
async function pickOption(page, text) {
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-content')
    .getByText(text, { exact: true })
    .click();
}

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-dashboard-e2e-'));
  let api;
  let browser;
  let fake;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fake = await FakeLlmServer.start();
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    let admin;
    let expected;

    await step('signs in, calls a prompt through the run API and rolls the calls up', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
      admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
      await makeTraffic(api.baseUrl, admin, fake);
      expected = await admin('GET', '/api/v1/metrics/overview?range=24h');
      expect(expected.totals.requests >= PROD_CALLS + STAGING_CALLS, `requests ${expected.totals.requests}`);
      expect(expected.totals.errors === STAGING_CALLS, `errors ${expected.totals.errors}`);
    });

    await step('opens Monitoring from the menu, right after the run log', async () => {
      const items = await page.locator('.ant-menu-item').allInnerTexts();
      const runLog = items.findIndex((text) => text.includes('Run log'));
      expect(items[runLog + 1]?.includes('Monitoring'), `menu order: ${items.join(' | ')}`);
      await page.locator('.ant-menu').getByText('Monitoring').click();
      await page.waitForURL(/\/monitoring$/);
    });

    await step('shows the requests, error rate, p95 and cost cards with the rolled-up numbers', async () => {
      const requests = page.getByTestId('card-requests');
      await requests.getByText(String(expected.totals.requests), { exact: true }).waitFor();
      const rate = `${(expected.totals.errorRate * 100).toFixed(1)} %`;
      await page.getByTestId('card-error-rate').getByText(rate, { exact: true }).waitFor();
      await page.getByTestId('card-error-rate').getByText(`${STAGING_CALLS} errors`).waitFor();
      const p95 = await page.getByTestId('card-p95').locator('.ant-statistic-content').innerText();
      expect(/\d+ ms|\d+\.\d+ s/.test(p95), `p95 card shows ${p95}`);
      await page
        .getByTestId('card-cost')
        .getByText(/tokens in/)
        .waitFor();
      await page
        .getByTestId('lag-note')
        .getByText(/rolled up until/)
        .waitFor();
      await page.getByTestId('errors-by-code').waitFor();
    });

    await step('draws the traffic, latency and cost charts', async () => {
      for (const id of ['chart-traffic', 'chart-latency', 'chart-cost']) {
        await page.getByTestId(id).locator('canvas').first().waitFor();
      }
      await page.waitForTimeout(600); // let the charts finish their entry animation for the screenshot
      await shot('dashboard-01-overview');
    });

    await step('lists the prompt in the top tables by cost and by errors, linking to it', async () => {
      await page.getByTestId('top-by-cost').getByRole('link', { name: PROMPT }).waitFor();
      const errorsRow = page.getByTestId('top-by-errors').locator('tr', { hasText: PROMPT });
      await errorsRow.getByText(new RegExp(`^${STAGING_CALLS} \\(`)).waitFor();
      await page.getByTestId('top-by-errors').scrollIntoViewIfNeeded();
      await shot('dashboard-02-top-tables');
    });

    await step('switches the range and filters by environment, kept in the URL', async () => {
      await page.getByTestId('range-picker').getByText('7 d').click();
      await page.waitForURL(/range=7d/);
      await page.getByTestId('card-requests').getByText(String(expected.totals.requests), { exact: true }).waitFor();
      await page.getByTestId('filter-environment').click();
      await pickOption(page, 'staging');
      await page.waitForURL(/environment=staging/);
      await page.getByTestId('card-requests').getByText(String(STAGING_CALLS), { exact: true }).waitFor();
      await page.getByTestId('card-error-rate').getByText('100.0 %', { exact: true }).waitFor();
      await shot('dashboard-03-filtered');
      await page.reload();
      await page.getByTestId('card-requests').getByText(String(STAGING_CALLS), { exact: true }).waitFor();
    });

    await step('says so when a filter leaves no runs in the range', async () => {
      await page.getByTestId('filter-source').click();
      await pickOption(page, 'Playground');
      await page.getByTestId('monitoring-empty').getByText('No runs in this range').waitFor();
      await shot('dashboard-04-empty');
    });

    await step("opens the prompt's Metrics tab from the top table and compares its versions", async () => {
      await page.goto('/monitoring');
      await page.getByTestId('top-by-cost').getByRole('link', { name: PROMPT }).click();
      await page.waitForURL(new RegExp(`/prompts/${PROMPT}/metrics$`));
      const versions = page.getByTestId('prompt-metrics-versions');
      const v1 = versions.locator('tr', { hasText: 'v1' });
      const v2 = versions.locator('tr', { hasText: 'v2' });
      await v1.getByText(String(PROD_CALLS), { exact: true }).waitFor();
      await v1.getByText('0.0 % (0)').waitFor();
      await v2.getByText(String(STAGING_CALLS), { exact: true }).waitFor();
      await v2.getByText(`100.0 % (${STAGING_CALLS})`).waitFor();
      await page.getByTestId('prompt-metrics-charts').locator('canvas').first().waitFor();
      await page.waitForTimeout(600);
      await shot('dashboard-05-prompt-metrics');
    });

    await step('narrows the Metrics tab to one environment', async () => {
      await page.getByTestId('prompt-metrics-environment').click();
      await pickOption(page, 'prod');
      const versions = page.getByTestId('prompt-metrics-versions');
      await versions.locator('tr', { hasText: 'v1' }).waitFor();
      await versions.locator('tr', { hasText: 'v2' }).waitFor({ state: 'detached' });
    });

    await step('shows the dashboard and the Metrics tab in 中文', async () => {
      await page.locator('.language-switch').click();
      await pickOption(page, '简体中文');
      await page.getByRole('tab', { name: '指标' }).waitFor();
      await page.getByTestId('prompt-metrics-versions').getByText('请求数').waitFor();
      await shot('dashboard-06-prompt-metrics-zh');
      await page.locator('.ant-menu').getByText('监控').click();
      await page.waitForURL(/\/monitoring$/);
      await page.getByRole('heading', { name: '监控' }).waitFor();
      await page.getByTestId('card-error-rate').getByText('错误率').waitFor();
      await page.getByTestId('chart-traffic').getByText('请求与错误').waitFor();
      await page.getByTestId('top-by-cost').getByText('成本最高的提示词').waitFor();
      await page.getByTestId('range-picker').getByText('24 小时').waitFor();
      await page.getByTestId('chart-cost').locator('canvas').first().waitFor();
      await page.waitForTimeout(600);
      await shot('dashboard-07-overview-zh');
    });

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

await main();
