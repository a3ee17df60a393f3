/**
 * Browser test of Import / export, one story: an admin downloads the instance as a bundle, edits
 * it (a new prompt in Chinese, and a version that conflicts with one here), uploads it and sees
 * the dry run's report (nothing written yet), confirms and finds the new prompt and the conflict
 * kept as a new version; a broken bundle is refused in place, naming the field; the page reads in
 * Chinese. Against the real API on a throw-away SQLite file. Prints `N passed, M failed`.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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

const EXISTING = 'release-notes';
const NEW_PROMPT = 'greeting-zh';

async function main() {
  if (!existsSync(join(webDist, 'index.html')) || !existsSync(apiMain)) {
    console.error(`The console (${webDist}) or the API is not built.`);
    process.exit(2);
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'promptops-transfer-e2e-'));
  let api;
  let browser;
  let exitCode = 1;
  try {
    api = await startApi(dataDir);
    const { accessToken } = await apiClient(api.baseUrl)('POST', '/api/v1/auth/login', ADMIN, [200]);
    const admin = apiClient(api.baseUrl, { authorization: `Bearer ${accessToken}` });
    await admin('POST', '/api/v1/prompts', {
      name: EXISTING,
      displayName: 'Release notes',
      template: 'Summarize {{ changes }}',
      variablesMeta: [{ name: 'changes', type: 'string', required: true }],
    });

    browser = await launchChromium();
    const context = await browser.newContext({
      baseURL: api.baseUrl,
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
    const { step, shot, summary } = await createRunner(page);
    const upload = (name, content) =>
      page.locator('input[type="file"]').setInputFiles({
        name,
        mimeType: 'application/json',
        buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
      });
    let exported;

    await step('signs in and opens Import / export from the menu', async () => {
      await page.goto('/login');
      await page.locator('#email').fill(ADMIN.email);
      await page.locator('#password').fill(ADMIN.password);
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(/\/prompts$/);
      await page.getByRole('menuitem', { name: 'Import / export' }).click();
      await page.waitForURL(/\/transfer$/);
      await page.getByRole('heading', { name: 'Import / export' }).waitFor();
    });

    await step('downloads the whole instance as one bundle', async () => {
      const download = page.waitForEvent('download');
      await page.getByTestId('transfer-export').click();
      const file = await download;
      expect(/^promptops-export-.*\.json$/.test(file.suggestedFilename()), `file name ${file.suggestedFilename()}`);
      exported = JSON.parse(await readFile(await file.path(), 'utf8'));
      expect(exported.format === 'promptops/v1', `format ${exported.format}`);
      const existing = exported.prompts.find((p) => p.name === EXISTING);
      expect(
        existing?.versions.length === 1 && /^[0-9a-f]{64}$/.test(existing.versions[0].hash),
        'versions with hashes',
      );
      expect(Array.isArray(exported.environments) && Array.isArray(exported.providers), 'environments and providers');
    });

    const edited = () => {
      const bundle = structuredClone(exported);
      const existing = bundle.prompts.find((p) => p.name === EXISTING);
      existing.versions.push({
        ...existing.versions[0],
        version: 2,
        template: 'Summarize, briefly: {{ changes }}',
        hash: undefined,
      });
      bundle.prompts.push({
        name: NEW_PROMPT,
        type: 'prompt',
        displayName: '中文问候',
        versions: [
          {
            version: 1,
            status: 'published',
            kind: 'text',
            template: '你好，{{ name }}！🎉',
            variablesMeta: [],
            modelConfig: {},
          },
        ],
        deployments: [{ environment: 'dev', version: 1 }],
      });
      return bundle;
    };

    await step('uploads an edited bundle and sees what the import would do, with nothing written yet', async () => {
      await admin('POST', `/api/v1/prompts/${EXISTING}/versions`, { template: 'Here: {{ changes }}' });
      await upload('edited.json', edited());
      const report = page.getByTestId('transfer-report');
      await report.locator('tr', { hasText: NEW_PROMPT }).first().getByText('Created').waitFor();
      await report.locator('tr', { hasText: 'v2 → v3' }).getByText('Conflict').waitFor();
      await report.getByText('v2 here has other content; created as v3').waitFor();
      await report.locator('tr', { hasText: 'dev → v1' }).getByText('Created').waitFor();
      await shot('transfer-01-dry-run');
      await admin('GET', `/api/v1/prompts/${NEW_PROMPT}`, undefined, [404]);
    });

    await step('confirms the import: the new prompt is deployed and the conflict became v3, v2 untouched', async () => {
      await page.getByTestId('transfer-confirm').click();
      await page.getByTestId('transfer-done').getByText('Imported.').waitFor();
      await shot('transfer-02-imported');
      const created = await admin('GET', `/api/v1/prompts/${NEW_PROMPT}/deployments/dev`);
      expect(created.version === 1, `dev serves ${created.version}`);
      const kept = await admin('GET', `/api/v1/prompts/${EXISTING}/versions/2`);
      expect(kept.template === 'Here: {{ changes }}', `v2 is ${kept.template}`);
      const v3 = await admin('GET', `/api/v1/prompts/${EXISTING}/versions/3`);
      expect(v3.template === 'Summarize, briefly: {{ changes }}', `v3 is ${v3.template}`);
    });

    await step('says that importing the same file again would change nothing', async () => {
      await upload('edited.json', edited());
      await page.getByText('Everything in this file is already here: importing it would change nothing.').waitFor();
      expect(await page.getByTestId('transfer-confirm').isDisabled(), 'nothing to confirm');
    });

    await step(
      'refuses a bundle whose template does not parse, in place and naming the field',
      async () => {
        const broken = edited();
        broken.prompts.find((p) => p.name === NEW_PROMPT).versions[0].template = '你好 {{ name';
        await upload('broken.json', broken);
        const error = page.getByTestId('transfer-error');
        const field = `bundle.prompts.${broken.prompts.length - 1}.versions.0.template`;
        await error.getByText(field, { exact: true }).waitFor();
        await shot('transfer-03-refused');
        await upload('not-json.json', '{ nope');
        await page.getByTestId('transfer-error').getByText('not-json.json is not a JSON file.').waitFor();
      },
      { allowHttpErrors: true },
    );

    await step('reads in Chinese', async () => {
      await page.evaluate(() => localStorage.setItem('promptops.language', 'zh'));
      await page.reload();
      await page.getByRole('heading', { name: '导入 / 导出' }).waitFor();
      await page.getByRole('button', { name: /下载导出文件/ }).waitFor();
      await upload('edited.json', edited());
      await page.getByText('文件中的内容已全部存在：导入不会改变任何东西。').waitFor();
      await shot('transfer-04-zh');
      await page.evaluate(() => localStorage.setItem('promptops.language', 'en'));
    });

    exitCode = summary();
  } finally {
    await browser?.close();
    await stopApi(api);
    await rm(dataDir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
