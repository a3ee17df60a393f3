/**
 * Browser test of retiring a prompt, one story: an operator deprecates a prompt from its Retire
 * tab with a successor and a sunset, sees the banner and the Deprecated tag, finds the API key
 * that called it in "Callers in the last 7 days", checks that a run answer carries the
 * Deprecation, Sunset and Link headers (node fetch), reads it all in Chinese, and undoes it; a
 * flow past its sunset shows the Sunset banner and tag. Against the real API on a throw-away
 * SQLite file and the fake model server. Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
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

const PROVIDER = 'retire-llm';
const OLD = 'billing-reply';
const NEW = 'billing-reply-v2';
const KEY_NAME = 'billing-service';
const DAY_MS = 24 * 60 * 60 * 1000;

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-retirement-e2e-'));
  let api;
  let fakeModels;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fakeModels = await FakeLlmServer.start();
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });

    // Two prompts served in prod and a service's key: this test is about retiring one of them.
    await admin('POST', '/api/v1/providers', {
      name: PROVIDER,
      kind: 'openai-compatible',
      baseUrl: `${fakeModels.url}/v1`,
      models: [{ id: 'fake-normal' }],
    });
    for (const [name, template] of [
      [OLD, 'Answer the billing question: {{ question }}'],
      [NEW, 'Answer the billing question briefly: {{ question }}'],
    ]) {
      await admin('POST', '/api/v1/prompts', {
        name,
        displayName: name === OLD ? 'Billing reply' : 'Billing reply v2',
        template,
        modelConfig: { provider: PROVIDER, model: 'fake-normal' },
        status: 'published',
      });
      await admin('PUT', `/api/v1/prompts/${name}/deployments/prod`, { version: 1 });
    }
    const key = await admin('POST', '/api/v1/api-keys', { name: KEY_NAME, scopes: ['run'], rateLimitPerMinute: 100 });
    const runOld = () =>
      fetch(`${api.baseUrl}/api/v1/run/${OLD}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key.key },
        body: JSON.stringify({ variables: { question: 'Why was I charged twice?' } }),
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
    const banner = () => page.getByTestId('deprecation-banner');
    const callersRow = () => page.getByTestId('callers').locator('.ant-table-tbody tr', { hasText: KEY_NAME });
    const sunsetAt = new Date(Date.now() + 30 * DAY_MS);
    sunsetAt.setHours(12, 0, 0, 0);
    const pad = (n) => String(n).padStart(2, '0');
    const sunsetText = `${sunsetAt.getFullYear()}-${pad(sunsetAt.getMonth() + 1)}-${pad(sunsetAt.getDate())} 12:00`;

    await step('signs in and opens the Retire tab of a prompt in service', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.goto(`/prompts/${OLD}`);
      await page.getByRole('tab', { name: 'Retire' }).click();
      await page.waitForURL(new RegExp(`/prompts/${OLD}/retire$`));
      await page.getByText('In service: not deprecated.').waitFor();
      await page.getByTestId('callers').getByText('No API key called it in the last 7 days').waitFor();
      expect((await banner().count()) === 0, 'a banner on a prompt in service');
      await shot('retirement-01-retire-tab');
    });

    await step('deprecates it with a successor, a sunset and a note, after confirming', async () => {
      const form = page.getByTestId('retire-form');
      await form.getByRole('combobox', { name: 'Successor' }).fill('v2');
      const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: NEW,
      });
      await option.first().click();
      const picker = form.locator('.ant-picker input');
      await picker.click();
      await picker.fill(sunsetText);
      await picker.press('Enter');
      await form.getByLabel('Note for callers').fill('v2 answers in two sentences; switch before the sunset.');
      await shot('retirement-02-form');
      await form.getByTestId('deprecate-submit').click();
      await page.locator('.ant-popover').getByText(`Deprecate “${OLD}”?`).waitFor();
      await shot('retirement-03-confirm');
      await page.locator('.ant-popover').getByRole('button', { name: 'Deprecate' }).click();
      await banner().waitFor();
      await page.getByTestId('undo-deprecation').waitFor();
    });

    await step(
      'shows the banner with the successor link and the sunset countdown, and the Deprecated tag',
      async () => {
        await banner().getByRole('link', { name: NEW }).waitFor();
        const countdown = await page.getByTestId('deprecation-countdown').innerText();
        expect(/in 30 days|in 29 days/.test(countdown), `countdown: ${countdown}`);
        await page.locator('.prompt-heading').getByTestId('deprecation-tag').getByText('Deprecated').waitFor();
        await shot('retirement-04-banner');
        await page.goto('/prompts');
        const row = page.locator('.ant-table-tbody tr', { hasText: OLD }).first();
        await row.getByTestId('deprecation-tag').getByText('Deprecated').waitFor();
        const successorRow = page.locator('.ant-table-tbody tr', { hasText: NEW });
        expect((await successorRow.getByTestId('deprecation-tag').count()) === 0, 'the successor is tagged');
        await shot('retirement-05-list');
      },
    );

    let deprecationHeader;
    await step('a run answer carries Deprecation, Sunset and the successor Link', async () => {
      const response = await runOld();
      expect(response.status === 200, `run answered ${response.status}`);
      await response.json();
      deprecationHeader = response.headers.get('deprecation');
      expect(/^@\d+$/.test(deprecationHeader ?? ''), `Deprecation: ${deprecationHeader}`);
      const sunset = response.headers.get('sunset');
      expect(sunset === sunsetAt.toUTCString(), `Sunset: ${sunset}, expected ${sunsetAt.toUTCString()}`);
      const link = response.headers.get('link');
      expect(link === `</api/v1/prompts/${NEW}>; rel="successor-version"`, `Link: ${link}`);
    });

    await step('lists the key that called it among the callers of the last 7 days', async () => {
      await page.goto(`/prompts/${OLD}/retire`);
      await callersRow().waitFor();
      await callersRow().getByText(key.prefix).waitFor();
      const text = await page.getByTestId('callers').innerText();
      expect(!text.includes(key.key), 'the secret is shown');
      await page.getByTestId('callers').scrollIntoViewIfNeeded();
      await shot('retirement-06-callers');
    });

    await step('reads it all in Chinese', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.reload();
      await page.getByRole('tab', { name: '退役' }).waitFor();
      await banner().getByText('已弃用。').waitFor();
      await banner().getByText('调用方应改用').waitFor();
      await page.getByText('最近 7 天的调用方').waitFor();
      await page.getByTestId('undo-deprecation').getByText('撤销弃用').waitFor();
      await shot('retirement-07-zh');
      await page.goto('/prompts');
      await page
        .locator('.ant-table-tbody tr', { hasText: OLD })
        .first()
        .getByTestId('deprecation-tag')
        .getByText('已弃用')
        .waitFor();
      await shot('retirement-08-zh-list');
      await page.evaluate(() => localStorage.setItem('promptops.language', 'en'));
    });

    await step('shows a flow past its sunset as Sunset, with the retired banner', async () => {
      await admin('PUT', '/api/v1/prompts/product-launch/deprecation', {
        sunsetAt: new Date(Date.now() - DAY_MS).toISOString(),
        allowPastSunset: true,
        note: 'Launch season is over.',
      });
      await page.goto('/flows/product-launch');
      await banner().getByText('Retired: past its sunset.').waitFor();
      await banner()
        .getByText(/callers get 410 Gone/)
        .waitFor();
      await page.locator('.prompt-heading').getByTestId('deprecation-tag').getByText('Sunset').waitFor();
      await shot('retirement-09-flow-sunset');
      await page.goto('/flows');
      await page
        .locator('.ant-table-tbody tr', { hasText: 'product-launch' })
        .getByTestId('deprecation-tag')
        .getByText('Sunset')
        .waitFor();
      await shot('retirement-10-flow-list');
    });

    await step('undoes the deprecation: the banner goes and runs carry no headers', async () => {
      await page.goto(`/prompts/${OLD}/retire`);
      await page.getByTestId('undo-deprecation').click();
      await page.locator('.ant-popover').getByRole('button', { name: 'Undo deprecation' }).click();
      await page.getByText('In service: not deprecated.').waitFor();
      await banner().waitFor({ state: 'detached' });
      const response = await runOld();
      expect(response.status === 200, `run answered ${response.status}`);
      await response.json();
      expect(response.headers.get('deprecation') === null, 'Deprecation still sent');
      expect(response.headers.get('link') === null, 'Link still sent');
      await shot('retirement-11-undone');
    });

    exitCode = summary();
  } catch (error) {
    console.error(error);
  } finally {
    await browser?.close();
    await stopApi(api?.child);
    await fakeModels?.close?.();
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

await main();
