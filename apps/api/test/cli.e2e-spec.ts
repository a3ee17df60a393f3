import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '@promptops/cli';
import type { ImportReport, TransferBundle } from '@promptops/shared';
import { FakeLlmServer } from './fake-llm/fake-llm-server';
import { promptInput } from './factories/prompt.factory';
import { providerInput } from './factories/provider.factory';
import { apiKey } from './factories/serving.factory';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startApp, TestApp } from './harness';
import { freePort, ROOT } from './processes';

/** The `promptops` executable (built by npm run build; `npm test` builds it in pretest, CI before the suites). */
const BIN = join(ROOT, 'libs/cli/bin/promptops.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function listening(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
}

/**
 * `promptops` as a user runs it, against real servers: the CLI in-process through `main`, and
 * once as the built executable for real exit codes.
 */
describe('promptops CLI', () => {
  let t: TestApp;
  let url: string;
  let fake: FakeLlmServer;
  let provider: string;
  /** The working directory of every command, and the config folder beside it. */
  let work: string;
  let configDir: string;
  /** A key that may do everything the CLI does. */
  let key: string;

  beforeAll(async () => {
    fake = await FakeLlmServer.start();
    t = await startApp();
    url = await listening(t);
    const input = providerInput(fake.url, {
      models: [{ id: 'fake-calc', inputPricePerMTok: 1, outputPricePerMTok: 2 }],
    });
    await t.http.post('/api/v1/providers').set(t.auth).send(input).expect(201);
    provider = input.name;
    key = await apiKey(t, ['read', 'write', 'deploy', 'render', 'run', 'eval']);
    work = mkdtempSync(join(tmpdir(), 'promptops-cli-'));
    configDir = join(work, '.config');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** Runs `promptops …` in-process; by default as CI does, with PROMPTOPS_URL and PROMPTOPS_API_KEY. */
  async function cli(
    args: string[],
    env: NodeJS.ProcessEnv = { PROMPTOPS_URL: url, PROMPTOPS_API_KEY: key },
  ): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { PROMPTOPS_CONFIG_DIR: configDir, ...env },
      cwd: work,
    });
    return { code, stdout, stderr };
  }

  async function ok(args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
    const result = await cli(args, env);
    if (result.code !== 0) throw new Error(`promptops ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  }

  async function createPrompt(overrides: Record<string, unknown> = {}): Promise<string> {
    const input = promptInput(overrides);
    await t.http.post('/api/v1/prompts').set(t.auth).send(input).expect(201);
    return input.name;
  }

  async function addVersion(name: string, body: Record<string, unknown>): Promise<number> {
    const res = await t.http.post(`/api/v1/prompts/${name}/versions`).set(t.auth).send(body).expect(201);
    return res.body.version as number;
  }

  async function versionsOf(name: string): Promise<{ version: number; template: string }[]> {
    const list = await t.http.get(`/api/v1/prompts/${name}/versions`).set(t.auth).expect(200);
    const numbers = (list.body.items as { version: number }[]).map((v) => v.version).sort((a, b) => a - b);
    return Promise.all(
      numbers.map(async (version) => {
        const res = await t.http.get(`/api/v1/prompts/${name}/versions/${version}`).set(t.auth).expect(200);
        return { version, template: res.body.template as string };
      }),
    );
  }

  describe('login', () => {
    it('stores the login in the config folder, readable by its owner only, and whoami answers from it', async () => {
      const login = await ok(
        ['login', '--url', url, '--email', ADMIN_EMAIL, '--password', ADMIN_PASSWORD, '--json'],
        {},
      );
      expect(JSON.parse(login.stdout)).toMatchObject({ url, kind: 'user' });
      const file = join(configDir, 'config.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
        url,
        email: ADMIN_EMAIL,
        accessToken: expect.any(String),
      });

      const whoami = await ok(['whoami', '--json'], {});
      expect(JSON.parse(whoami.stdout)).toEqual({ url, kind: 'user', email: ADMIN_EMAIL, role: 'admin' });

      await ok(['login', '--url', `${url}/`, '--api-key', key], {});
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url, apiKey: key });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const keyWhoami = JSON.parse((await ok(['whoami', '--json'], {})).stdout);
      expect(keyWhoami).toMatchObject({ url, kind: 'apiKey', keyPrefix: key.slice(0, keyWhoami.keyPrefix.length) });
      expect(keyWhoami.scopes.length).toBeGreaterThan(0);

      await ok(['logout'], {});
      expect(existsSync(file)).toBe(false);
      const anonymous = await cli(['whoami'], {});
      expect(anonymous).toMatchObject({ code: 2, stderr: expect.stringContaining('not logged in') });
    });

    it('refuses a key the server does not know, and stores nothing', async () => {
      const result = await cli(['login', '--url', url, '--api-key', 'po_abcdefghijkl_not-a-real-secret'], {});
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('error: 401 API_KEY_INVALID — The API key is invalid or has been revoked\n');
      expect(existsSync(join(configDir, 'config.json'))).toBe(false);
    });

    it('asks for a password only on a terminal, and says so elsewhere', async () => {
      const result = await cli(['login', '--url', url, '--email', ADMIN_EMAIL], {});
      expect(result).toMatchObject({
        code: 2,
        stderr: 'error: give --password, or run login on a terminal to be asked for it\n',
      });
      const both = await cli(['login', '--url', url, '--email', ADMIN_EMAIL, '--api-key', key], {});
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('error: give either --api-key or --email');
    });
  });

  describe('exit codes and errors', () => {
    it('answers 2 and the command’s help for bad usage', async () => {
      const missing = await cli(['deploy', 'some-prompt']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("error: missing required argument 'environment'");
      expect(missing.stderr).toContain('Usage: promptops deploy [options] <name> <environment> <version>');
      const notANumber = await cli(['deploy', 'some-prompt', 'prod', 'three']);
      expect(notANumber.code).toBe(2);
      expect(notANumber.stderr).toContain('Not a positive whole number');
      const badVar = await cli(['render', 'some-prompt', '--var', 'novalue']);
      expect(badVar.code).toBe(2);
      expect(badVar.stderr).toContain('error: --var novalue: write it as name=value');
      expect(badVar.stderr).toContain('Usage: promptops render');
      expect((await cli(['no-such-command'])).code).toBe(2);
    });

    it('shows a problem from the API as one line and answers 2', async () => {
      const result = await cli(['render', 'no-such-prompt', '--var', 'a=b']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: 404 PROMPT_NOT_FOUND — .*no-such-prompt.*\n$/);
    });

    it('says a server that does not answer cannot be reached', async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      const result = await cli(['render', 'x'], { PROMPTOPS_URL: nowhere, PROMPTOPS_API_KEY: key });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`error: cannot reach ${nowhere} (ECONNREFUSED)\n`);
    });

    it('exits with the same codes as a real process', async () => {
      expect(existsSync(BIN)).toBe(true);
      const run = (args: string[]) =>
        new Promise<CliResult>((resolve, reject) => {
          const child = spawn(process.execPath, [BIN, ...args], {
            env: {
              PATH: process.env.PATH,
              PROMPTOPS_URL: url,
              PROMPTOPS_API_KEY: key,
              PROMPTOPS_CONFIG_DIR: configDir,
            },
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk) => (stdout += chunk));
          child.stderr.on('data', (chunk) => (stderr += chunk));
          child.on('error', reject);
          child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        });
      const name = await createPrompt({ template: 'Hi {{ topic }} 👋', status: 'published' });
      const rendered = await run(['render', name, '--var', 'topic=你好', '--version', '1']);
      expect(rendered).toMatchObject({ code: 0, stdout: 'Hi 你好 👋\n' });
      expect((await run(['render', 'no-such-prompt'])).code).toBe(2);
      expect((await run(['deploy'])).code).toBe(2);
      expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);

      // A check that fails: the files differ from the server.
      const dir = join(work, 'spawned');
      const check = ['push', dir, '--dry-run', '--fail-on-change', '--deployments', 'none'];
      expect((await run(['pull', name, '--out', dir])).code).toBe(0);
      expect((await run(check)).code).toBe(0);
      writeFileSync(join(dir, name, 'v1.jinja'), 'Hello {{ topic }} 👋\n');
      const failed = await run(check);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('error: the files differ from the server');
    });
  });

  describe('deploy and rollback', () => {
    it('deploys versions and rolls back to the previous one, or to a chosen one', async () => {
      const name = await createPrompt({ template: 'one {{ topic }}' });
      await addVersion(name, { template: 'two {{ topic }}', variablesMeta: [{ name: 'topic', type: 'string' }] });
      await addVersion(name, { template: 'three {{ topic }}', variablesMeta: [{ name: 'topic', type: 'string' }] });
      await ok(['deploy', name, 'staging', '1']);
      const second = await ok(['deploy', name, 'staging', '2', '--note', 'better', '--json']);
      expect(JSON.parse(second.stdout)).toMatchObject({
        prompt: name,
        environment: 'staging',
        version: 2,
        previousVersion: 1,
      });

      const back = await ok(['rollback', name, 'staging']);
      expect(back.stdout).toContain(`${name} staging: rolled back to v1`);
      const served = await ok(['render', name, '--env', 'staging', '--var', 'topic=x']);
      expect(served.stdout).toBe('one x\n');

      await ok(['rollback', name, 'staging', '--to', '3']);
      const history = await t.http.get(`/api/v1/prompts/${name}/deployments/staging/history`).set(t.auth).expect(200);
      expect(history.body.map((h: { toVersion: number }) => h.toVersion)).toEqual([3, 1, 2, 1]);
      expect((await ok(['render', name, '--env', 'staging', '--var', 'topic=x'])).stdout).toBe('three x\n');
    });
  });

  describe('render and run', () => {
    it('runs a prompt on its model, whole or streamed, with typed variables from a file', async () => {
      const name = await createPrompt({
        template: 'What is {{ a }} + {{ b }}? Answer with the number only.',
        variablesMeta: [
          { name: 'a', type: 'int', required: true },
          { name: 'b', type: 'int', required: true },
        ],
        modelConfig: { provider, model: 'fake-calc' },
        status: 'published',
      });
      writeFileSync(join(work, 'vars.json'), JSON.stringify({ a: 12, b: 30 }));
      const whole = await ok(['run', name, '--vars-file', 'vars.json', '--version', '1']);
      expect(whole.stdout).toBe('42\n');
      expect(whole.stderr).toMatch(/^v1 on fake-calc: \d+\+\d+ tokens/m);

      const streamed = await ok(['run', name, '--vars-file', 'vars.json', '--version', '1', '--stream']);
      expect(streamed.stdout).toBe('42\n');
      const json = JSON.parse(
        (await ok(['run', name, '--vars-file', 'vars.json', '--version', '1', '--stream', '--json'])).stdout,
      );
      expect(json).toMatchObject({ output: '42', version: 1, model: 'fake-calc' });

      const rendered = JSON.parse(
        (await ok(['render', name, '--vars-file', 'vars.json', '--version', '1', '--json'])).stdout,
      );
      expect(rendered).toMatchObject({ text: 'What is 12 + 30? Answer with the number only.', version: 1 });
    });
  });

  describe('pull and push', () => {
    it('pulls prompts as files; pushing them unedited changes nothing; an edit becomes one new version', async () => {
      const name = await createPrompt({
        template: 'Bonjour {{ topic }} — 你好 🤖',
        variablesMeta: [{ name: 'topic', type: 'string', required: true, description: '主题' }],
      });
      await addVersion(name, {
        template: 'Line one about {{ topic }}\nline two\n',
        variablesMeta: [{ name: 'topic', type: 'string', required: true }],
        modelConfig: { provider, model: 'fake-calc', temperature: 0.3 },
        comment: 'two lines',
      });
      const chat = await createPrompt({
        kind: 'chat',
        template: undefined,
        messages: [
          { role: 'system', template: 'You answer in 中文.\nBe brief. ✨' },
          { role: 'user', template: '{{ topic }}' },
        ],
      });
      await ok(['deploy', name, 'staging', '2']);
      const flow = `flow-${name}`;
      await t.http
        .post('/api/v1/flows')
        .set(t.auth)
        .send({
          name: flow,
          displayName: 'Greets twice',
          inputs: [{ name: 'topic', type: 'string', required: true }],
          definition: {
            steps: [{ id: 'greet', prompt: { name }, inputs: { topic: '{{ inputs.topic }}' } }],
            output: '{{ steps.greet.output }}',
          },
        })
        .expect(201);

      const pulled = await ok(['pull', name, chat, flow, '--out', 'prompts', '--json']);
      expect(JSON.parse(pulled.stdout).files.sort()).toEqual(
        [
          `${chat}/prompt.yaml`,
          `${chat}/v1.messages.yaml`,
          `${flow}/prompt.yaml`,
          `${flow}/v1.flow.yaml`,
          `${name}/prompt.yaml`,
          `${name}/v1.jinja`,
          `${name}/v2.jinja`,
        ].sort(),
      );
      const dir = join(work, 'prompts', name);
      expect(readFileSync(join(dir, 'v1.jinja'), 'utf8')).toBe('Bonjour {{ topic }} — 你好 🤖\n');
      expect(readFileSync(join(dir, 'prompt.yaml'), 'utf8')).toContain('deployments:\n  staging: 2\n');
      expect(readFileSync(join(work, 'prompts', chat, 'v1.messages.yaml'), 'utf8')).toContain(
        '  template: |-\n    You answer in 中文.\n',
      );

      const unchanged = await ok(['push', 'prompts', '--json']);
      const report = JSON.parse(unchanged.stdout) as ImportReport;
      expect(report.changed).toBe(false);
      expect(report.totals).toMatchObject({ versionsCreated: 0, versionsUnchanged: 4, conflicts: 0 });
      expect(await versionsOf(name)).toHaveLength(2);

      writeFileSync(join(dir, 'v2.jinja'), 'Line one about {{ topic }}\nline two, edited\n\n');
      const dryRun = await ok(['push', 'prompts', '--dry-run']);
      expect(dryRun.stdout).toContain('dry run, nothing written: 1 version(s) created');
      expect(await versionsOf(name)).toHaveLength(2);
      expect((await cli(['push', 'prompts', '--dry-run', '--fail-on-change'])).code).toBe(1);

      const pushed = JSON.parse((await ok(['push', 'prompts', '--json'])).stdout) as ImportReport;
      expect(pushed.totals.versionsCreated).toBe(1);
      const created = pushed.prompts.find((p) => p.name === name)?.versions.find((v) => v.action === 'created');
      expect(created).toMatchObject({ sourceVersion: null, version: 3 });
      expect(await versionsOf(name)).toEqual([
        { version: 1, template: 'Bonjour {{ topic }} — 你好 🤖' },
        { version: 2, template: 'Line one about {{ topic }}\nline two\n' },
        { version: 3, template: 'Line one about {{ topic }}\nline two, edited\n' },
      ]);
      // The same files again: the edit is already the latest version.
      expect(JSON.parse((await ok(['push', 'prompts', '--json'])).stdout).changed).toBe(false);
      expect((await cli(['push', 'prompts', '--dry-run', '--fail-on-change'])).code).toBe(0);
    });

    it('pulls only the latest version with --latest, and an edit of template.jinja is pushed as the next version', async () => {
      const name = await createPrompt({ template: 'first {{ topic }}' });
      await addVersion(name, { template: 'second {{ topic }}', variablesMeta: [{ name: 'topic', type: 'string' }] });
      await ok(['pull', name, '--latest', '--out', 'latest']);
      const dir = join(work, 'latest', name);
      expect(readFileSync(join(dir, 'template.jinja'), 'utf8')).toBe('second {{ topic }}\n');
      expect(existsSync(join(dir, 'v1.jinja'))).toBe(false);
      expect(JSON.parse((await ok(['push', 'latest', '--json'])).stdout).changed).toBe(false);

      writeFileSync(join(dir, 'template.jinja'), 'third {{ topic }}\n');
      // A pull request pushes the edit as a draft; the merge pushes the same files with --publish.
      const draft = await ok(['push', 'latest']);
      expect(draft.stdout).toContain(`${name}: `);
      expect(draft.stdout).toContain('v3 (local edit)');
      const status = async (version: number) =>
        (await t.http.get(`/api/v1/prompts/${name}/versions/${version}`).set(t.auth).expect(200)).body.status;
      expect(await status(3)).toBe('draft');

      const merged = await ok(['push', 'latest', '--publish']);
      expect(merged.stdout).toContain(`${name}: updated v3 (local edit)`);
      expect(merged.stdout).toContain('v3 was a draft here; published');
      expect(await status(3)).toBe('published');
      const versions = await versionsOf(name);
      expect(versions.map((v) => v.template)).toEqual(['first {{ topic }}', 'second {{ topic }}', 'third {{ topic }}']);
      const again = JSON.parse((await ok(['push', 'latest', '--publish', '--json'])).stdout);
      expect(again).toMatchObject({ changed: false, totals: { versionsCreated: 0, versionsPublished: 0 } });
    });
  });

  describe('export and import', () => {
    it('moves every prompt to a fresh instance with identical content hashes, and a second import changes nothing', async () => {
      const text = await createPrompt({ template: 'exported {{ topic }} ✅', status: 'published' });
      await addVersion(text, { template: 'exported again {{ topic }}\n', comment: '第二版' });
      await ok(['deploy', text, 'prod', '1']);
      const chat = await createPrompt({
        kind: 'chat',
        template: undefined,
        messages: [
          { role: 'system', template: '用中文回答。\n  Indented 🧭' },
          { role: 'user', template: '{{ topic }}' },
        ],
      });
      const out = join(work, 'export.json');
      await ok(['export', '--out', 'export.json']);
      const bundle = JSON.parse(readFileSync(out, 'utf8')) as TransferBundle;
      expect(bundle.prompts.map((p) => p.name)).toEqual(expect.arrayContaining([text, chat]));

      const second = await startApp();
      try {
        const secondUrl = await listening(second);
        const secondKey = await apiKey(second, ['read', 'write', 'deploy']);
        const env = { PROMPTOPS_URL: secondUrl, PROMPTOPS_API_KEY: secondKey };
        // A folder of files imports too: one prompt first, then the whole bundle around it.
        await ok(['pull', text, '--out', 'copy']);
        const fromFiles = JSON.parse((await ok(['import', 'copy', '--json'], env)).stdout) as ImportReport;
        expect(fromFiles.prompts).toEqual([expect.objectContaining({ name: text, action: 'created' })]);
        const first = JSON.parse((await ok(['import', 'export.json', '--json'], env)).stdout) as ImportReport;
        expect(first.changed).toBe(true);
        expect(first.totals.conflicts).toBe(0);
        expect(first.prompts.find((p) => p.name === text)?.action).toBe('unchanged');

        const hashes = (b: TransferBundle) =>
          b.prompts.flatMap((p) => p.versions.map((v) => `${p.name}@${v.version}:${v.hash}`)).sort();
        const copied = JSON.parse((await ok(['export'], env)).stdout) as TransferBundle;
        expect(hashes(copied)).toEqual(hashes(bundle));
        expect(hashes(copied).every((h) => /:[0-9a-f]{64}$/.test(h))).toBe(true);

        const deployed = await second.http.get(`/api/v1/prompts/${text}/deployments/prod`).set(second.auth).expect(200);
        expect(deployed.body.version).toBe(1);

        const again = JSON.parse((await ok(['import', 'export.json', '--json'], env)).stdout) as ImportReport;
        expect(again.changed).toBe(false);
        expect(again.totals).toMatchObject({ versionsCreated: 0, promptsCreated: 0, conflicts: 0 });
      } finally {
        await second.close();
      }
    });
  });

  describe('eval', () => {
    /** Number-only answers (v2) beat sentences (v1) on exact match with the fake model. */
    async function calcPrompt(): Promise<string> {
      const variablesMeta = [
        { name: 'a', type: 'int', required: true },
        { name: 'b', type: 'int', required: true },
      ];
      const modelConfig = { provider, model: 'fake-calc' };
      const name = await createPrompt({ template: 'What is {{ a }} + {{ b }}?', variablesMeta, modelConfig });
      await addVersion(name, {
        template: 'What is {{ a }} + {{ b }}? Answer with the number only.',
        variablesMeta,
        modelConfig,
      });
      const items = Array.from({ length: 8 }, (_, i) => ({
        input: { a: i + 1, b: 2 * i },
        expected: String(3 * i + 1),
      }));
      await t.http
        .post('/api/v1/datasets')
        .set(t.auth)
        .send({ name: `${name}-sums`, items })
        .expect(201);
      return name;
    }

    it('passes the gate with 0, writes the reports, and fails a worse candidate with 1', async () => {
      const name = await calcPrompt();
      const config = join(work, 'eval.yaml');
      writeFileSync(
        config,
        [
          'name: CI gate',
          `dataset: ${name}-sums`,
          'variants:',
          `  - { prompt: ${name}, version: 1 }`,
          `  - { prompt: ${name}, version: 2 }`,
          'scorers:',
          '  - { name: exact, kind: exact_match }',
          'gate: { scorer: exact, minMean: 0.9 }',
          '',
        ].join('\n'),
      );
      const passed = await cli(['eval', '--config', 'eval.yaml', '--junit', 'gate.xml', '--markdown', 'gate.md']);
      expect(passed.stderr).toMatch(/\d+\/16 done/);
      expect(passed.code).toBe(0);
      expect(passed.stdout).toContain('gate passed (exact)');
      expect(readFileSync(join(work, 'gate.xml'), 'utf8')).toContain('<testsuites');
      expect(readFileSync(join(work, 'gate.md'), 'utf8')).toContain('Gate: ✅ passed');

      // The flags override the file: v1 as the candidate fails the same gate.
      const failed = await cli([
        'eval',
        '--config',
        'eval.yaml',
        '--variant',
        `${name}@2`,
        '--variant',
        `${name}@1`,
        '--json',
      ]);
      expect(failed.code).toBe(1);
      const result = JSON.parse(failed.stdout);
      expect(result.summary.gate).toMatchObject({ passed: false, scorer: 'exact' });
      expect(failed.stderr).toContain('error: the gate on exact failed');
    });

    it('is bad usage without a dataset, variants and scorers', async () => {
      const result = await cli(['eval', '--dataset', 'x']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('error: no variants');
    });
  });
});
