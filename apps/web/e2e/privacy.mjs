/**
 * Browser test of PII redaction, one story: an operator turns on `mask` for emails in a prompt's
 * Privacy tab (a custom recognizer with a bad pattern is refused in place), runs the prompt in
 * the Playground with an email in a variable, sees what was redacted before the call and the text
 * actually sent, and reads it all in Chinese; an admin sees the instance default and the
 * environments' policies. Against the real API on a throw-away SQLite file and the fake model
 * server, which must never receive the address. Prints `N passed, M failed`.
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

const PROVIDER = 'privacy-llm';
const PROMPT = 'parcel-reply';
const EMAIL = 'ana.lopez@example.com';

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-privacy-e2e-'));
  let api;
  let fakeModels;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    fakeModels = await FakeLlmServer.start();
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });
    await admin('POST', '/api/v1/providers', {
      name: PROVIDER,
      kind: 'openai-compatible',
      baseUrl: `${fakeModels.url}/v1`,
      models: [{ id: 'fake-normal' }],
    });
    await admin('POST', '/api/v1/prompts', {
      name: PROMPT,
      displayName: 'Support reply',
      template: 'Write a short reply to {{ customer }} about: {{ question }}',
      variablesMeta: [
        { name: 'customer', type: 'string', required: true },
        { name: 'question', type: 'string', required: true },
      ],
      modelConfig: { provider: PROVIDER, model: 'fake-normal' },
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
    const privacyTab = () => page.getByTestId('prompt-privacy');
    const effectiveRow = (type) => page.getByTestId('privacy-effective').locator('tr', { hasText: type });

    await step('signs in and opens the Privacy tab of a prompt: nothing is redacted yet', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.goto(`/prompts/${PROMPT}`);
      await page.getByRole('tab', { name: 'Privacy' }).click();
      await page.waitForURL(new RegExp(`/prompts/${PROMPT}/privacy$`));
      await effectiveRow('EMAIL').getByText('Off', { exact: true }).waitFor();
      await shot('privacy-01-tab');
    });

    await step(
      'refuses a custom recognizer whose pattern does not compile, next to the pattern',
      async () => {
        await privacyTab().getByRole('button', { name: 'Add a recognizer' }).click();
        await privacyTab().getByLabel('Name').fill('TICKET');
        await privacyTab().getByLabel('Regular expression').fill('T-(\\d+');
        await privacyTab().getByTestId('privacy-save').click();
        await privacyTab()
          .locator('.ant-form-item-explain-error', { hasText: 'pattern "T-(\\d+" is invalid' })
          .waitFor();
        await shot('privacy-02-bad-pattern');
        await privacyTab().getByRole('button', { name: 'Remove the recognizer' }).click();
      },
      { allowHttpErrors: true },
    );

    await step('turns on mask for emails and sees the effective policy', async () => {
      await privacyTab().getByTestId('privacy-EMAIL').getByText('Mask').click();
      await privacyTab().getByTestId('privacy-save').click();
      await page.getByText('Privacy policy saved').first().waitFor();
      await effectiveRow('EMAIL').getByText('Mask', { exact: true }).waitFor();
      await effectiveRow('EMAIL').getByText('Prompt', { exact: true }).waitFor();
      await shot('privacy-03-mask-saved');
    });

    await step('runs it in the Playground with an email: sees what was redacted and the text sent', async () => {
      await page.goto(`/playground?prompt=${PROMPT}`);
      const form = page.getByTestId('playground-form');
      await form.getByLabel('customer').fill(EMAIL);
      await form.getByLabel('question').fill('Where is my parcel?');
      await page.keyboard.press('ControlOrMeta+Enter');
      const notice = page.getByTestId('answer').getByTestId('redaction-notice');
      await notice.getByText('Redacted before the call: 1 × Email · EMAIL masked').waitFor();
      await notice.getByRole('button', { name: 'Show the text sent to the model' }).click();
      const sent = notice.getByTestId('redacted-sent');
      await sent.getByText('Write a short reply to <EMAIL> about: Where is my parcel?').waitFor();
      expect(!(await sent.innerText()).includes(EMAIL), 'the text sent shows the address');
      const leaked = fakeModels.requests.filter((r) => JSON.stringify(r.body).includes(EMAIL));
      expect(fakeModels.requests.length > 0 && leaked.length === 0, 'the model received the address');
      await shot('privacy-04-playground');
    });

    await step('reads the Privacy tab and the Playground notice in Chinese', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.goto(`/prompts/${PROMPT}/privacy`);
      await effectiveRow('EMAIL').getByText('遮蔽', { exact: true }).waitFor();
      await page.getByText('此提示词的策略').waitFor();
      await shot('privacy-05-tab-zh');
      await page.goto(`/playground?prompt=${PROMPT}`);
      const form = page.getByTestId('playground-form');
      await form.getByLabel('customer').fill(EMAIL);
      await form.getByLabel('question').fill('包裹到哪里了？');
      await page.keyboard.press('ControlOrMeta+Enter');
      const notice = page.getByTestId('answer').getByTestId('redaction-notice');
      await notice.getByText('调用前已脱敏：1 个电子邮箱 · EMAIL 已遮蔽').waitFor();
      await notice.getByRole('button', { name: '查看发送给模型的文本' }).click();
      await notice
        .getByTestId('redacted-sent')
        .getByText('Write a short reply to <EMAIL> about: 包裹到哪里了？')
        .waitFor();
      await shot('privacy-06-playground-zh');
      await page.evaluate(() => localStorage.setItem('promptops.language', 'en'));
    });

    await step('an admin sets the instance default and sees each environment’s policy', async () => {
      await page.goto('/privacy');
      const defaults = page.getByTestId('privacy-default');
      await defaults.getByTestId('privacy-PHONE').getByText('Tokenize').click();
      await defaults.getByTestId('privacy-save').click();
      await page.getByText('Privacy policy saved').first().waitFor();
      await page.getByRole('tab', { name: 'staging' }).click();
      await page.getByTestId('privacy-env-staging').getByTestId('privacy-EMAIL').waitFor();
      await shot('privacy-07-admin-page');
      const stored = await admin('GET', '/api/v1/privacy/default');
      expect(stored.entities.PHONE === 'tokenize', `default policy: ${JSON.stringify(stored.entities)}`);
    });

    exitCode = summary();
  } finally {
    await browser?.close();
    await fakeModels?.close();
    await stopApi(api);
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
