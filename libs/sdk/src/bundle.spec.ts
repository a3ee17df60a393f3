import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const libs = join(__dirname, '../..');

/** The SDK as a browser app's bundler would build it from source. */
async function browserBundle(): Promise<string> {
  const result = await build({
    entryPoints: [join(libs, 'sdk/src/index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'PromptOpsSDK',
    target: 'es2020',
    write: false,
    alias: {
      '@promptops/shared': join(libs, 'shared/src/index.ts'),
      '@promptops/templating': join(libs, 'templating/src/index.ts'),
    },
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

describe('the SDK in a browser bundle', () => {
  let code: string;
  beforeAll(async () => {
    code = await browserBundle();
  }, 30_000);

  it('pulls in no Node built-in module', () => {
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]);
    const nodeModules = required.filter((name) => name.startsWith('node:') || builtinModules.includes(name));
    expect(nodeModules).toEqual([]);
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bchokidar\b|\bfsevents\b/);
  });

  it('renders a resolved version where neither require nor process exist', async () => {
    const resolved = {
      prompt: 'greeting',
      environment: 'prod',
      version: 3,
      kind: 'text',
      template: '{% for n in names %}Hello {{ n | title }}{% if not loop.last %}, {% endif %}{% endfor %}!',
      messages: null,
      variablesMeta: [{ name: 'names', type: 'list', required: true }],
      modelConfig: {},
      rollout: null,
      serveDebugDrafts: false,
    };
    const requests: string[] = [];
    const fakeFetch = async (url: string) => {
      requests.push(url);
      return new Response(JSON.stringify(resolved), { headers: { 'content-type': 'application/json', etag: '"v3"' } });
    };
    // What browsers and edge runtimes offer; no require, process, Buffer or module.
    const context = createContext({
      fetch: fakeFetch,
      TextEncoder,
      TextDecoder,
      AbortController,
      setTimeout,
      clearTimeout,
    });
    runInContext(code, context);
    expect(runInContext('typeof require + typeof process + typeof Buffer', context)).toBe(
      'undefinedundefinedundefined',
    );
    const answer = await runInContext(
      `new PromptOpsSDK.PromptOps({ baseUrl: 'https://promptops.example', apiKey: 'po_x' })
         .render('greeting', { names: ['ada', 'grace'] })`,
      context,
    );
    expect(answer).toMatchObject({ text: 'Hello Ada, Hello Grace!', version: 3, source: 'network' });
    expect(requests).toEqual(['https://promptops.example/api/v1/prompts/greeting/resolved']);
  });
});
