#!/usr/bin/env node
// The `promptops` executable. In a checkout where the CLI has not been built yet (right after
// `npm install`), it builds it once, so that `npx promptops` works without `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'dist', 'bin.js');
if (!existsSync(entry)) {
  const { spawnSync } = require('node:child_process');
  process.stderr.write('promptops: building the CLI once (npm run build -w @promptops/cli)…\n');
  const root = join(__dirname, '..', '..', '..');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(
    npm,
    ['run', 'build', '-w', '@promptops/shared', '-w', '@promptops/templating', '-w', '@promptops/cli'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (build.status !== 0 || !existsSync(entry)) {
    process.stderr.write('promptops: the build failed; run npm run build and try again\n');
    process.exit(2);
  }
}
require(entry);
