/**
 * Browser test of a canary: a prompt with two published versions, v1 deployed to prod, a
 * provider on the fake model and an API key; a 10 % canary started from the Deployments tab;
 * traffic sent with the API key (distinct userIds) until the panel shows both versions' live
 * numbers; the Monitoring dashboard and the prompt's Metrics tab with both versions' traffic
 * (after a rollup pass); the panel in Chinese; promote; the deployment at the candidate and the run log
 * naming the arms. Prints `N passed, M failed`.
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

const PROMPT = 'support-canary';
const RUNS = 200;

async function seed(admin, fake) {
  await admin('POST', '/api/v1/providers', {
    name: 'canary-llm',
    kind: 'openai-compatible',
    baseUrl: `${fake.url}/v1`,
    models: [],
  });
  await admin('POST', '/api/v1/prompts', {
    name: PROMPT,
    displayName: 'Support reply (canary)',
    template: 'Answer the customer politely: {{ question }}',
    modelConfig: { provider: 'canary-llm', model: 'fake-delay-20' },
    status: 'published',
    comment: 'polite',
  });
  await admin('POST', `/api/v1/prompts/${PROMPT}/versions`, {
    template: 'Answer the customer briefly and warmly: {{ question }}',
    modelConfig: { provider: 'canary-llm', model: 'fake-delay-40' },
    status: 'published',
    comment: 'brief and warm',
  });
  await admin('PUT', `/api/v1/prompts/${PROMPT}/deployments/prod`, { version: 1 });
  const key = await admin('POST', '/api/v1/api-keys', {
    name: 'support-backend',
    scopes: ['run'],
    rateLimitPerMinute: 100000,
  });
  return key.key;
}

/** Sends `count` runs with distinct userIds, a few at a time; answers the versions served. */
async function sendTraffic(baseUrl, key, count, prefix) {
  const served = [];
  for (let i = 0; i < count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i) }, (_, j) => `${prefix}-${i + j}@customers.test`);
    const answers = await Promise.all(
      batch.map(async (userId) => {
        const response = await fetch(`${baseUrl}/api/v1/run/${PROMPT}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ variables: { question: 'Where is my parcel?' }, userId }),
        });
        const body = await response.json();
        expect(response.status === 200, `run answered ${response.status}: ${JSON.stringify(body)}`);
        expect(response.headers.get('x-promptops-version') === String(body.version), 'the version header');
        return { version: body.version, variant: body.rolloutVariant };
      }),
    );
    served.push(...answers);
  }
  return served;
}

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-rollouts-e2e-'));
  let api;
  let browser;
  let fake;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fake = await FakeLlmServer.start({ keepRequests: false });
    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    const setLanguage = async (language) => {
      await page.evaluate((value) => localStorage.setItem('promptops.language', value), language);
      await page.reload();
    };
    const card = () => page.getByTestId('env-card-prod');
    const panel = () => page.getByTestId('rollout-panel-prod');
    let key;
    let admin;

    await step(
      'signs in and sets up a prompt with v1 in prod and v2 published, a provider and an API key',
      async () => {
        await page.goto('/login');
        await page.locator('#email').fill(ADMIN.email);
        await page.locator('#password').fill(ADMIN.password);
        await page.locator('button[type="submit"]').click();
        await page.waitForURL(/\/prompts$/);
        const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
        admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
        key = await seed(admin, fake);
      },
    );

    await step('starts a 10 % canary of v2 from the Deployments tab', async () => {
      await page.goto(`/prompts/${PROMPT}/deployments`);
      await card().getByTestId('active-version').getByText('v1').waitFor();
      await page.getByTestId('start-rollout-prod').click();
      const modal = page.locator('.ant-modal').filter({ hasText: 'Start a canary in prod' });
      await modal.getByTestId('rollout-candidate').getByText('v2').waitFor();
      await modal.getByText('10 %', { exact: true }).click();
      await shot('rollouts-01-start');
      await modal.getByRole('button', { name: 'Start canary' }).click();
      await panel().getByText('Canary: v2 against v1').waitFor();
      await panel().getByTestId('rollout-status').getByText('Running').waitFor();
    });

    await step('shows both versions’ live numbers once traffic with distinct userIds arrives', async () => {
      const served = await sendTraffic(api.baseUrl, key, RUNS, 'en');
      const candidate = served.filter((s) => s.version === 2).length;
      expect(candidate > 0 && candidate < RUNS / 2, `the candidate got ${candidate} of ${RUNS}`);
      expect(
        served.every((s) => s.variant === (s.version === 2 ? 'candidate' : 'baseline')),
        'every answer names its arm',
      );
      const arms = panel().getByTestId('rollout-arms').locator('tbody tr.ant-table-row');
      // The panel refreshes every few seconds: wait until it counts every run.
      await page.waitForFunction(
        (total) => {
          const rows = [...globalThis.document.querySelectorAll('[data-testid="rollout-arms"] tbody tr.ant-table-row')];
          const counts = rows.map((row) => Number(row.querySelectorAll('td')[2]?.textContent));
          return counts.length === 2 && counts.every((n) => n > 0) && counts[0] + counts[1] === total;
        },
        RUNS,
        { timeout: 20_000 },
      );
      expect((await arms.nth(0).innerText()).includes('v1'), 'the baseline row');
      expect((await arms.nth(1).innerText()).includes('v2'), 'the candidate row');
      // The test result in words; the candidate runs on a slower fake model, so it may already be
      // significantly slower at p95 (its error rate is the baseline's: none fail).
      const text = await panel().innerText();
      expect(
        /candidate: no significant difference \(error rate p = 1\.000|candidate worse on p95 latency, p/.test(text),
        `the test result in words, in:\n${text}`,
      );
      await panel()
        .getByText(/Guardrails: collecting runs/)
        .waitFor();
      await panel().getByTestId('rollout-chart').locator('canvas').first().waitFor();
      await page.waitForTimeout(500);
      await panel().scrollIntoViewIfNeeded();
      await shot('rollouts-02-live');
    });

    await step('opens the dashboard with the canary traffic, and the Metrics tab compares v1 and v2', async () => {
      await admin('POST', '/api/v1/metrics/rollup', {});
      await page.goto('/monitoring?range=1h');
      await page.getByTestId('card-requests').getByText(String(RUNS), { exact: true }).waitFor();
      await page.getByTestId('chart-traffic').locator('canvas').first().waitFor();
      await page.waitForTimeout(600);
      await shot('rollouts-02a-dashboard');
      await page.goto(`/prompts/${PROMPT}/metrics`);
      const versions = page.getByTestId('prompt-metrics-versions');
      const counts = await Promise.all(
        [1, 2].map(async (version) => {
          const row = versions.locator('tr', { hasText: `v${version}` });
          await row.waitFor();
          return Number((await row.locator('td').nth(1).innerText()).replace(/[^\d]/g, ''));
        }),
      );
      expect(counts[0] + counts[1] === RUNS && counts[1] > 0, `v1 and v2 requests: ${counts.join(', ')}`);
      await page.getByTestId('prompt-metrics-charts').locator('canvas').first().waitFor();
      await page.waitForTimeout(600);
      await shot('rollouts-02b-metrics');
      await page.goto(`/prompts/${PROMPT}/deployments`);
      await panel().getByText('Canary: v2 against v1').waitFor();
    });

    await step('shows the panel in Chinese', async () => {
      await setLanguage('zh');
      await panel().getByText('灰度：v2 对比 v1').waitFor();
      await panel().getByText('进行中').waitFor();
      await panel()
        .getByRole('button', { name: /全量发布/ })
        .waitFor();
      await panel().getByTestId('rollout-chart').locator('canvas').first().waitFor();
      await page.waitForTimeout(500);
      await panel().scrollIntoViewIfNeeded();
      await shot('rollouts-zh-01-live');
      await setLanguage('en');
    });

    await step('promotes the candidate: prod now serves v2, with the deploy in its history', async () => {
      await panel()
        .getByRole('button', { name: /Promote/ })
        .click();
      const confirm = page.locator('.ant-modal-confirm').filter({ hasText: 'Promote v2 in prod?' });
      await confirm.getByRole('button', { name: 'Promote' }).click();
      await panel().waitFor({ state: 'detached' });
      await card().getByTestId('active-version').getByText('v2').waitFor();
      await card().getByTestId('deployment-history').getByText('Promoted from rollout').waitFor();
      await card().getByRole('tab', { name: 'Canaries' }).click();
      await card().getByTestId('rollout-history').getByText('Promoted').waitFor();
      await shot('rollouts-03-promoted');
      const after = await sendTraffic(api.baseUrl, key, 20, 'after');
      expect(
        after.every((s) => s.version === 2 && s.variant === null),
        `everyone gets v2: ${JSON.stringify(after)}`,
      );
    });

    await step('lists the runs in the run log with the arm each was served from', async () => {
      await page.goto(`/runs?prompt=${PROMPT}&pageSize=100`);
      const variants = page.getByTestId('run-rollout-variant');
      await variants.filter({ hasText: 'candidate' }).first().waitFor();
      await variants.filter({ hasText: 'baseline' }).first().waitFor();
      await page.getByTestId('run-log').locator('.ant-spin-blur').waitFor({ state: 'detached' });
      await variants.filter({ hasText: 'candidate' }).first().scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
      await shot('rollouts-04-run-log');
      await setLanguage('zh');
      await page.goto(`/prompts/${PROMPT}/deployments`);
      await card().getByRole('tab', { name: '灰度记录' }).click();
      await card().getByTestId('rollout-history').getByText('已全量').waitFor();
      await page.getByTestId('start-rollout-prod').and(page.locator(':not([disabled])')).waitFor();
      await card().getByTestId('rollout-history').scrollIntoViewIfNeeded();
      await page.waitForTimeout(400);
      await shot('rollouts-zh-02-history');
      await setLanguage('en');
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
