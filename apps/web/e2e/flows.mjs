/**
 * Browser test of flows, one story: a flow created in the console, three steps built in the graph
 * editor with a parallel branch (facts → {tone, answer}), validation problems shown on the step
 * and cleared as they are fixed, saved and published, run from the Test tab with every step's
 * status, output and timing, deployed to prod from the Deployments tab (whose snippet calls
 * /execute), and its run found in the run log. Against the real API on a throw-away SQLite file
 * and the fake model server. Prints `N passed, M failed`.
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

const PROVIDER = 'flow-llm';
const FLOW = 'order-answer';
/** The step prompts and what their fake models answer. */
const PROMPTS = [
  { name: 'order-facts', template: 'List the facts about: {{ question }}', model: 'fake-facts' },
  { name: 'order-tone', template: 'Say warmly: {{ facts }}', model: 'fake-tone' },
  { name: 'order-reply', template: 'Answer {{ question }} using {{ facts }}', model: 'fake-reply' },
];
const ANSWERS = {
  'fake-facts': 'Order 1234 ships on Friday.',
  'fake-tone': 'Good news, it is on its way!',
  'fake-reply': 'Your order 1234 ships on Friday.',
};

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-flows-e2e-'));
  let api;
  let fakeModels;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fakeModels = await FakeLlmServer.start({ answers: ANSWERS });
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });

    // The step prompts are set up through the API, published and served in prod: this test is about flows.
    await admin('POST', '/api/v1/providers', {
      name: PROVIDER,
      kind: 'openai-compatible',
      baseUrl: `${fakeModels.url}/v1`,
      models: Object.keys(ANSWERS).map((id) => ({ id })),
    });
    for (const prompt of PROMPTS) {
      await admin('POST', '/api/v1/prompts', {
        name: prompt.name,
        displayName: prompt.name,
        template: prompt.template,
        modelConfig: { provider: PROVIDER, model: prompt.model },
      });
      await admin('POST', `/api/v1/prompts/${prompt.name}/versions/1/publish`, {});
      await admin('PUT', `/api/v1/prompts/${prompt.name}/deployments/prod`, { version: 1 });
    }

    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 900 },
      locale: 'en-US',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);

    const node = (id) => page.getByTestId(`flow-node-${id}`);
    const nodeIssues = (id) => page.getByTestId(`flow-node-issues-${id}`);
    const panel = () => page.getByTestId('step-panel');
    const mapping = (name) => panel().getByTestId(`mapping-${name}`);
    const expectCount = async (locator, count) => {
      const deadline = Date.now() + TIMEOUT_MS;
      while ((await locator.count()) !== count) {
        expect(Date.now() < deadline, `expected ${count} of ${locator}`);
        await page.waitForTimeout(100);
      }
    };
    /** Picks the step's prompt once the search has found it. */
    const choosePrompt = async (name) => {
      await panel().getByRole('combobox', { name: 'Prompt' }).fill(name);
      const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await options.filter({ hasText: name }).first().waitFor();
      // The list reloads as one types: wait until the search has narrowed it to the one prompt.
      await expectCount(options, 1);
      await options.filter({ hasText: name }).first().click();
      await page.locator('.flow-node--selected').getByText(name).waitFor();
    };
    const fillMapping = async (name, value) => {
      await mapping(name).locator('input').fill(value);
      await mapping(name).locator('input').blur();
    };
    const addStep = async (id, prompt) => {
      await page.getByTestId('add-step').click();
      await node(id).waitFor();
      await panel()
        .getByTestId('step-id')
        .and(page.locator(`[value="${id}"]`))
        .waitFor();
      await choosePrompt(prompt);
    };
    let runLink;

    await step('signs in and opens the flow list, with the demo flow, from the menu', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByRole('menuitem', { name: 'Flows' }).click();
      await page.waitForURL(/\/flows$/);
      await page.locator('.ant-table-tbody tr', { hasText: 'product-launch' }).waitFor();
      await shot('flows-01-list');
    });

    await step('creates a flow, which opens on the editor with its inputs and output', async () => {
      await page.getByTestId('new-flow').click();
      const dialog = page.getByRole('dialog', { name: 'New flow' });
      await dialog.locator('#name').fill(FLOW);
      await dialog.locator('#displayName').fill('Order answer');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await page.waitForURL(new RegExp(`/flows/${FLOW}/editor$`));
      await node('inputs').getByText('question').waitFor();
      await node('output').waitFor();
      await page.getByTestId('flow-valid').waitFor();
      await shot('flows-02-new');
    });

    await step(
      'flags a step without a prompt, then its unfilled variable, and clears both as they are fixed',
      async () => {
        await page.getByTestId('add-step').click();
        await nodeIssues('step_1').waitFor();
        await page.getByTestId('flow-issues').getByText('Step step_1 needs a prompt').waitFor();
        await panel().getByText('Step step_1 needs a prompt').waitFor();
        await shot('flows-03-needs-prompt');
        await choosePrompt('order-facts');
        // The server's answer: the prompt's variable `question` is not filled.
        await mapping('question').locator('.ant-form-item-explain-error').waitFor();
        await nodeIssues('step_1').waitFor();
        await shot('flows-04-unfilled');
        await fillMapping('question', '{{ inputs.question }}');
        await nodeIssues('step_1').waitFor({ state: 'detached' });
        await page.getByTestId('flow-issues').waitFor({ state: 'detached' });
        await page.getByTestId('flow-valid').waitFor();
      },
    );

    await step('adds two steps that both read the first: a parallel branch, laid out side by side', async () => {
      await addStep('step_2', 'order-tone');
      await fillMapping('facts', '{{ steps.step_1.output }}');
      await addStep('step_3', 'order-reply');
      await fillMapping('question', '{{ inputs.question }}');
      // A typo names a step that does not exist: the problem shows on the field and the node.
      await fillMapping('facts', '{{ steps.step_9.output }}');
      await mapping('facts').locator('.ant-form-item-explain-error').waitFor();
      await nodeIssues('step_3').waitFor();
      await shot('flows-05-unknown-step');
      await fillMapping('facts', '{{ steps.step_1.output }}');
      await nodeIssues('step_3').waitFor({ state: 'detached' });
      await page.locator('[data-testid="rf__edge-step_1->step_2"]').waitFor();
      await page.locator('[data-testid="rf__edge-step_1->step_3"]').waitFor();
      // The output reads both branches.
      await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
      await page
        .getByTestId('flow-settings')
        .getByTestId('flow-output')
        .locator('textarea')
        .fill('{{ steps.step_2.output }} {{ steps.step_3.output }}');
      await page.getByTestId('flow-settings').getByTestId('flow-output').locator('textarea').blur();
      await page.getByTestId('flow-valid').waitFor();
      await page.waitForTimeout(400);
      const [one, two, three] = await Promise.all(['step_1', 'step_2', 'step_3'].map((id) => node(id).boundingBox()));
      expect(
        one.x < two.x && Math.abs(two.x - three.x) < 2,
        `not laid out as A → {B, C}: ${JSON.stringify([one, two, three])}`,
      );
      expect(Math.abs(two.y - three.y) >= two.height, 'the parallel steps overlap');
      await shot('flows-06-editor');
    });

    await step('saves the graph as a published version 2', async () => {
      await page.getByTestId('save-version').click();
      const dialog = page.getByRole('dialog', { name: 'Save as a new version' });
      await dialog.getByTestId('save-comment').fill('facts, then tone and reply in parallel');
      await dialog.getByText('Published').click();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Version 2 saved').waitFor();
      await dialog.waitFor({ state: 'hidden' });
    });

    await step('runs it from the Test tab: each step succeeds with its output and timing', async () => {
      await page.getByRole('tab', { name: 'Test' }).click();
      await page.waitForURL(/\/test$/);
      await page.getByTestId('test-input-question').locator('input').fill('Where is my order 1234?');
      await page.getByTestId('run-flow').click();
      await page.getByTestId('test-output').getByText(`${ANSWERS['fake-tone']} ${ANSWERS['fake-reply']}`).waitFor();
      for (const [id, model] of [
        ['step_1', 'fake-facts'],
        ['step_2', 'fake-tone'],
        ['step_3', 'fake-reply'],
      ]) {
        const row = page.locator(`[data-testid="test-step-${id}"][data-status="success"]`);
        await row.getByText(ANSWERS[model]).waitFor();
        await row
          .getByText(/\d+(\.\d+)? m?s$/)
          .first()
          .waitFor();
        await page.locator(`[data-testid="flow-node-${id}"][data-status="success"]`).waitFor();
      }
      runLink = await page.getByTestId('flow-run-link').getAttribute('href');
      expect(/run=\d+/.test(runLink ?? ''), `no link to the flow run: ${runLink}`);
      await shot('flows-07-test');
    });

    await step('lists both versions and diffs them', async () => {
      await page.getByRole('tab', { name: 'Versions' }).click();
      const rows = page.getByTestId('flow-versions').locator('tbody tr.ant-table-row');
      await rows.nth(1).waitFor();
      await rows.first().getByText('Published').waitFor();
      await shot('flows-08-versions');
      await page.getByRole('tab', { name: 'Diff' }).click();
      await page.locator('.monaco-editor').getByText('order-tone').first().waitFor();
      await shot('flows-09-diff');
    });

    await step('deploys version 2 to prod from the Deployments tab; the snippet calls /execute', async () => {
      await page.getByRole('tab', { name: 'Deployments' }).click();
      await page.waitForURL(/\/deployments$/);
      const card = page.getByTestId('env-card-prod');
      await card.getByRole('button', { name: 'Deploy' }).click();
      const dialog = page.getByRole('dialog', { name: /Deploy to/ });
      await dialog.locator('.ant-form-item', { hasText: 'Version' }).locator('.ant-select-selector').click();
      await page.locator('.ant-select-item-option', { hasText: 'v2 ·' }).click();
      await dialog.getByRole('button', { name: 'Deploy' }).click();
      await page.getByText('v2 is now live in prod').waitFor();
      await dialog.waitFor({ state: 'hidden' });
      await card.getByRole('tab', { name: 'Execute API' }).click();
      await card.getByText(`/api/v1/flows/${FLOW}/execute`).first().waitFor();
      await shot('flows-10-deployments');
    });

    await step('finds the flow run in the run log', async () => {
      await page.goto(runLink);
      const drawer = page.locator('.ant-drawer-content');
      await drawer.getByText(FLOW).first().waitFor();
      await shot('flows-11-run-log');
    });

    await step('the prompt list tells flows apart and filters by type', async () => {
      await page.goto('/prompts?type=flow');
      const row = page.locator('.ant-table-tbody tr', { hasText: FLOW });
      await row.getByTestId('flow-tag').waitFor();
      await page.locator('.ant-table-tbody tr', { hasText: 'order-facts' }).waitFor({ state: 'detached' });
      await shot('flows-12-prompt-list');
      await row.getByRole('link', { name: 'Order answer' }).click();
      await page.waitForURL(new RegExp(`/flows/${FLOW}$`));
      await node('step_3').waitFor();
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
