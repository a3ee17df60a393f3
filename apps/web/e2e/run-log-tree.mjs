/**
 * Browser test of the run log as a tree: a flow run with a Flow tag and its step count, unfolded
 * into its steps, the switch that lists every model call, a flow run's detail with its steps on a
 * timeline, and a step linking back to its flow run. The flow run comes from the console's flow
 * test endpoint when the flow executor answers it; until then it is written into the throw-away
 * SQLite file the way the run log stores it (said so in the output). Prints `N passed, M failed`.
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

const FLOW = 'triage-flow';

/** A three-step flow with a parallel branch (extract, then two answers side by side), run from the test endpoint. */
async function seedThroughApi(admin, fake) {
  await admin('POST', '/api/v1/providers', {
    name: 'flow-llm',
    kind: 'openai-compatible',
    baseUrl: `${fake.url}/v1`,
    models: [{ id: 'fake-delay-300' }],
  });
  for (const name of ['extract-facts', 'answer-short']) {
    await admin('POST', '/api/v1/prompts', {
      name,
      displayName: name,
      template: 'Work on {{ text }}',
      modelConfig: { provider: 'flow-llm', model: 'fake-delay-300' },
    });
  }
  await admin('POST', '/api/v1/flows', {
    name: FLOW,
    displayName: 'Triage',
    inputs: [{ name: 'question', type: 'string', required: true }],
    definition: {
      steps: [
        { id: 'extract', prompt: { name: 'extract-facts', version: 1 }, inputs: { text: '{{ inputs.question }}' } },
        {
          id: 'answer_en',
          prompt: { name: 'answer-short', version: 1 },
          inputs: { text: '{{ steps.extract.output }}' },
        },
        {
          id: 'answer_zh',
          prompt: { name: 'answer-short', version: 1 },
          inputs: { text: '{{ steps.extract.output }}' },
        },
      ],
      output: '{{ steps.answer_en.output }}',
    },
  });
  const result = await admin('POST', `/api/v1/flows/${FLOW}/test`, { inputs: { question: 'Where is my refund?' } });
  return result.flowRunId;
}

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-run-tree-e2e-'));
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
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    let flowRunId;

    await step('signs in and runs a three-step flow with a parallel branch', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      const token = await page.evaluate(() => localStorage.getItem('promptops.token'));
      const admin = apiClient(api.baseUrl, { authorization: `Bearer ${token}` });
      flowRunId = await seedThroughApi(admin, fake);
      expect(Number.isInteger(flowRunId), `flow run id ${flowRunId}`);
    });

    const rows = () => page.getByTestId('run-log').locator('tbody tr.ant-table-row');

    await step('lists the flow run with a Flow tag and its step count, without its steps', async () => {
      await page.goto('/runs');
      const flowRow = rows().filter({ hasText: FLOW });
      await flowRow.getByText('Flow', { exact: true }).first().waitFor();
      await flowRow.getByText('3 steps').waitFor();
      expect((await rows().filter({ hasText: 'answer-short' }).count()) === 0, 'steps are hidden at the top level');
      await shot('run-tree-01-list');
    });

    await step('unfolds the flow run into its steps, in the order they started', async () => {
      await rows().filter({ hasText: FLOW }).locator('.ant-table-row-expand-icon').click();
      const steps = page.getByTestId(`flow-steps-${flowRunId}`).locator('tbody tr.ant-table-row');
      await steps.nth(2).waitFor();
      const texts = await steps.allInnerTexts();
      expect(texts[0].includes('extract'), `first step: ${texts[0]}`);
      await shot('run-tree-02-expanded');
    });

    await step('shows every model call with the switch, kept in the URL', async () => {
      await page.getByTestId('run-log-all-calls').click();
      await page.waitForURL(/allCalls=true/);
      await rows().filter({ hasText: 'answer-short' }).nth(1).waitFor();
      await rows()
        .filter({ hasText: `of flow run #${flowRunId}` })
        .first()
        .waitFor();
      await shot('run-tree-03-all-calls');
      await page.getByTestId('run-log-all-calls').click();
      await page.waitForURL((url) => !url.search.includes('allCalls'));
    });

    await step('opens the flow run: its inputs, output and steps on a timeline', async () => {
      await page.goto(`/runs?run=${flowRunId}`);
      const drawer = page.locator('.ant-drawer');
      await drawer.getByText('Inputs', { exact: true }).waitFor();
      await drawer.getByTestId('flow-timeline').locator('canvas').first().waitFor();
      await drawer.getByTestId('flow-step-list').getByText('answer_zh', { exact: false }).waitFor();
      await drawer.getByTestId('flow-timeline').scrollIntoViewIfNeeded();
      await page.waitForTimeout(800);
      await shot('run-tree-04-flow-detail');
    });

    await step('opens a step from the flow run, and goes back up to the flow run', async () => {
      const drawer = page.locator('.ant-drawer');
      await drawer
        .getByTestId('flow-step-list')
        .getByRole('button', { name: /answer_en/ })
        .click();
      await drawer.getByTestId('step-of-flow').getByText(`Step answer_en of flow run #${flowRunId}`).waitFor();
      await shot('run-tree-05-step-detail');
      await drawer.getByTestId('step-of-flow').getByRole('button').click();
      await page.waitForURL(new RegExp(`run=${flowRunId}`));
      await drawer.getByTestId('flow-timeline').waitFor();
    });

    await step('reads the same in Chinese', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.goto('/runs');
      await rows().filter({ hasText: FLOW }).getByText('流程', { exact: true }).first().waitFor();
      await shot('run-tree-06-zh');
    });

    exitCode = summary();
  } finally {
    await browser?.close();
    await fake?.close();
    await stopApi(api);
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
