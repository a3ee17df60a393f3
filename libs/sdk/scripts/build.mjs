/**
 * Builds the published package: one bundle per module format, with libs/templating (and
 * nunjucks' browser build, which has no Node loaders) inside, so the SDK has no runtime
 * dependencies and runs on Node 18+, in browsers and on edge runtimes; then the type
 * declarations. esbuild: already in the tree (vite's), fast, and it bundles CJS and ESM alike.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const libs = join(root, '..');

/** Options every SDK bundle shares (also the bundle check in the tests). */
export const bundleOptions = {
  entryPoints: [join(root, 'src/index.ts')],
  bundle: true,
  platform: 'neutral',
  // nunjucks' `browser` field points at its prebuilt bundle without the file-system loaders.
  mainFields: ['browser', 'module', 'main'],
  target: ['es2020', 'node18'],
  alias: {
    '@promptops/shared': join(libs, 'shared/src/index.ts'),
    '@promptops/templating': join(libs, 'templating/src/index.ts'),
  },
  legalComments: 'none',
  minify: true,
  // Error classes report their names (`PromptNotFound`…), which minified identifiers would lose.
  keepNames: true,
  logLevel: 'warning',
};

async function main() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  await build({ ...bundleOptions, format: 'esm', outfile: join(root, 'dist/index.mjs') });
  await build({ ...bundleOptions, format: 'cjs', outfile: join(root, 'dist/index.cjs') });
  execFileSync(
    process.execPath,
    [join(libs, '../node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
    {
      stdio: 'inherit',
    },
  );
  // The published types must stand alone: the workspace libraries are bundled, not published.
  const types = join(root, 'dist/types');
  for (const file of readdirSync(types)) {
    if (/@promptops\//.test(readFileSync(join(types, file), 'utf8'))) rmSync(join(types, file));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
