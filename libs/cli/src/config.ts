import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './errors';

/** What `promptops login` stores: where the API is and one credential for it. */
export interface StoredLogin {
  url: string;
  apiKey?: string;
  accessToken?: string;
  /** The signed-in user, for `whoami` without a request. */
  email?: string;
}

function configDir(env: NodeJS.ProcessEnv): string {
  if (env.PROMPTOPS_CONFIG_DIR) return env.PROMPTOPS_CONFIG_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'promptops');
}

export function configPath(env: NodeJS.ProcessEnv): string {
  return join(configDir(env), 'config.json');
}

function readLogin(env: NodeJS.ProcessEnv): StoredLogin | undefined {
  let text: string;
  try {
    text = readFileSync(configPath(env), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as StoredLogin;
  } catch {
    throw new UsageError(`${configPath(env)} is not valid JSON: run promptops login again`);
  }
}

/** The file holds a credential, so only its owner may read it (0600, in a 0700 folder). */
export function writeLogin(env: NodeJS.ProcessEnv, login: StoredLogin): string {
  const path = configPath(env);
  mkdirSync(configDir(env), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  // writeFileSync keeps the mode of a file that already exists.
  chmodSync(path, 0o600);
  return path;
}

export function removeLogin(env: NodeJS.ProcessEnv): boolean {
  const path = configPath(env);
  try {
    readFileSync(path);
  } catch {
    return false;
  }
  rmSync(path, { force: true });
  return true;
}

/**
 * The API to talk to: `PROMPTOPS_URL` and `PROMPTOPS_API_KEY` (CI secrets) win over the stored
 * login, each on its own.
 */
export function resolveLogin(env: NodeJS.ProcessEnv): StoredLogin {
  const stored = readLogin(env);
  const url = env.PROMPTOPS_URL || stored?.url;
  if (!url)
    throw new UsageError('not logged in: run promptops login --url <url> --api-key <key>, or set PROMPTOPS_URL');
  if (env.PROMPTOPS_API_KEY) return { url, apiKey: env.PROMPTOPS_API_KEY };
  // A stored credential is only ever sent to the server it was issued by.
  if (stored && sameServer(stored.url, url)) return stored;
  return { url };
}

function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
