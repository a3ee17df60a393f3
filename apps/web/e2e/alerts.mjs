/**
 * Browser test of alerts: a rule made in the console that points at a webhook receiver run by
 * this test, a test message sent from the rules table and seen in the history, then real failing
 * calls through the fake model that make the rule fire (the check job runs every 2 s here), and
 * the page in Chinese. Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
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

const PROMPT = 'checkout-summary';

/** A Slack-like incoming webhook: keeps what it is sent. */
async function startReceiver() {
  const posts = [];
  const server = createServer((request, response) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      posts.push({ path: request.url, body: JSON.parse(text) });
      response.writeHead(200).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/services/T0/B0/e2e-secret-path`;
  return { posts, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function waitUntil(what, probe, timeoutMs = TIMEOUT_MS) {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-alerts-e2e-'));
  let api;
  let browser;
  let fake;
  let receiver;
  let exitCode = 1;
  try {
    // Checks every 2 s, so that failing calls make the rule fire while the test watches.
    process.env.ALERTS_INTERVAL_MS = '2000';
    api = await startApi(dataDir);
    fake = await FakeLlmServer.start();
    receiver = await startReceiver();
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    let admin;
    const ruleRow = () =>
      page.getByTestId('alert-rules').locator('tbody tr.ant-table-row', { hasText: 'Checkout errors' });
    const historyRow = (text) => page.getByTestId('alert-history').locator('tbody tr.ant-table-row', { hasText: text });

    await step('signs in; a prompt whose model fails is deployed to prod', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
      admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
      await admin('POST', '/api/v1/providers', {
        name: 'alerts-llm',
        kind: 'openai-compatible',
        baseUrl: `${fake.url}/v1`,
        models: [],
      });
      await admin('POST', '/api/v1/prompts', {
        name: PROMPT,
        displayName: 'Checkout summary',
        template: 'Summarise {{ order }}',
        modelConfig: { provider: 'alerts-llm', model: 'fake-500' },
        status: 'published',
      });
      await admin('PUT', `/api/v1/prompts/${PROMPT}/deployments/prod`, { version: 1 });
    });

    await step('finds Alerts in the menu after the run log, with an empty rules table', async () => {
      await page.getByRole('menuitem', { name: 'Alerts' }).waitFor();
      const menu = await page.getByRole('menuitem').allInnerTexts();
      const runs = menu.findIndex((item) => item.includes('Run log'));
      const alerts = menu.findIndex((item) => item.includes('Alerts'));
      expect(runs >= 0 && alerts > runs, `menu order: ${menu.join(', ')}`);
      await page.getByRole('menuitem', { name: 'Alerts' }).click();
      await page.waitForURL(/\/alerts$/);
      await page.getByText('No alert rules yet').waitFor();
      await shot('alerts-01-empty');
    });

    await step('creates an error-rate rule on the prompt that posts to the receiver', async () => {
      await page.getByRole('button', { name: 'New rule' }).first().click();
      const modal = page.locator('.ant-modal');
      await modal.getByLabel('Name').fill('Checkout errors');
      await modal.getByRole('combobox', { name: 'Prompt', exact: true }).click();
      await page.keyboard.type(PROMPT);
      await page.locator('.ant-select-item-option', { hasText: PROMPT }).first().click();
      await modal.getByLabel('Threshold').fill('5');
      await modal.getByLabel('Minimum calls').fill('2');
      await modal.getByLabel('Webhook URL').fill(receiver.url);
      await shot('alerts-02-form');
      await modal.getByRole('button', { name: 'New rule' }).click();
      await page.getByText('Rule “Checkout errors” created').waitFor();
      const row = ruleRow();
      await row.getByTestId('alert-state').getByText('OK').waitFor();
      await row.getByText('Error rate > 5 % over 5 min').waitFor();
      // The secret path of the URL is masked.
      expect(!(await row.innerText()).includes('e2e-secret-path'), 'the webhook URL is masked');
      await row.getByText('/…path').waitFor();
    });

    await step('sends a test message and sees it delivered in the history', async () => {
      const row = ruleRow();
      await row.getByRole('button', { name: 'Send test' }).click();
      await page.getByText('Test message delivered (HTTP 200)').waitFor();
      await waitUntil('the test post', async () => receiver.posts.length === 1);
      expect(receiver.posts[0].body.event === 'test', `post: ${JSON.stringify(receiver.posts[0].body)}`);
      expect(receiver.posts[0].body.text.includes(PROMPT), 'the post names the prompt');
      await historyRow('Test').getByText('Delivered · 200').waitFor();
      await shot('alerts-03-test-sent');
    });

    await step('fires once the calls fail, and says so in the table, the history and the webhook', async () => {
      const key = (await admin('POST', '/api/v1/api-keys', { name: 'svc', scopes: ['run'], rateLimitPerMinute: 100 }))
        .key;
      for (let i = 0; i < 3; i += 1) {
        const response = await fetch(`${api.baseUrl}/api/v1/run/${PROMPT}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ variables: { order: `#${i}` } }),
        });
        expect(response.status === 502, `run answered ${response.status}`);
      }
      await waitUntil('the firing post', async () => receiver.posts.some((p) => p.body.event === 'fired'), 20_000);
      // The page refreshes every 30 s on its own; a reload shows it at once.
      await page.reload();
      const row = ruleRow();
      await row.getByTestId('alert-state').getByText('Firing').waitFor();
      await row.getByText('100 %').waitFor();
      await historyRow('Fired').waitFor();
      expect(receiver.posts.filter((p) => p.body.event === 'fired').length === 1, 'one firing post');
      await shot('alerts-04-firing');
    });

    await step('edits the rule and sends a test from the form', async () => {
      const row = ruleRow();
      await row.getByRole('button', { name: 'Edit' }).click();
      const modal = page.locator('.ant-modal');
      await modal.getByText('Leave empty to keep').waitFor();
      await modal.getByTestId('alert-send-test').click();
      await page.getByText('Test message delivered (HTTP 200)').first().waitFor();
      await shot('alerts-05-edit');
      await modal.getByRole('button', { name: 'Cancel' }).click();
    });

    await step('reads the same in Chinese', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.goto('/alerts');
      await page.getByRole('menuitem', { name: '告警' }).waitFor();
      const row = ruleRow();
      await row.getByTestId('alert-state').getByText('告警中').waitFor();
      await page.getByText('告警历史').waitFor();
      await historyRow('触发').first().waitFor();
      await shot('alerts-06-zh');
      await row.getByRole('button', { name: '编辑' }).click();
      await page.locator('.ant-modal').getByText('发送测试').waitFor();
      await shot('alerts-07-zh-form');
    });

    exitCode = summary();
  } finally {
    await browser?.close();
    await fake?.close();
    await receiver?.close();
    await stopApi(api);
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
