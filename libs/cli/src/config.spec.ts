import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, resolveLogin, writeLogin } from './config';

describe('where the CLI finds its server and credential', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'promptops-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the login in $XDG_CONFIG_HOME/promptops/config.json, readable by its owner only', () => {
    const env = { XDG_CONFIG_HOME: dir };
    const path = writeLogin(env, { url: 'https://po.example.com', apiKey: 'po_abc' });
    expect(path).toBe(join(dir, 'promptops', 'config.json'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'promptops')).mode & 0o777).toBe(0o700);
    expect(resolveLogin(env)).toEqual({ url: 'https://po.example.com', apiKey: 'po_abc' });
  });

  it('lets PROMPTOPS_URL and PROMPTOPS_API_KEY win over the stored login (CI)', () => {
    const env = { PROMPTOPS_CONFIG_DIR: dir };
    writeLogin(env, { url: 'https://po.example.com', accessToken: 'jwt' });
    expect(configPath(env)).toBe(join(dir, 'config.json'));
    expect(resolveLogin({ ...env, PROMPTOPS_API_KEY: 'po_ci' })).toEqual({
      url: 'https://po.example.com',
      apiKey: 'po_ci',
    });
    expect(resolveLogin({ ...env, PROMPTOPS_URL: 'https://po.example.com/' })).toMatchObject({ accessToken: 'jwt' });
  });

  it('never sends a stored credential to another server named by PROMPTOPS_URL', () => {
    const env = { PROMPTOPS_CONFIG_DIR: dir };
    writeLogin(env, { url: 'https://po.example.com', accessToken: 'jwt' });
    expect(resolveLogin({ ...env, PROMPTOPS_URL: 'https://elsewhere.example.com' })).toEqual({
      url: 'https://elsewhere.example.com',
    });
  });

  it('says how to log in when there is no login', () => {
    expect(() => resolveLogin({ PROMPTOPS_CONFIG_DIR: dir })).toThrow(/not logged in: run promptops login/);
  });
});
