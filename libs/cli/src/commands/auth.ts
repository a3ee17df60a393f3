import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { jsonOption, type Context } from '../cli';
import { ApiClient } from '../client';
import { configPath, removeLogin, resolveLogin, writeLogin, type StoredLogin } from '../config';
import { UsageError } from '../errors';
import type { CliIo } from '../io';

interface CurrentUser {
  email: string;
  role: string;
}

export function registerAuthCommands(program: Command, context: Context): void {
  program
    .command('login')
    .description('check credentials for a PromptOps server and store them in your config folder (mode 0600)')
    .requiredOption('--url <url>', 'the server, e.g. https://promptops.example.com')
    .option('--api-key <key>', 'an API key (services and CI)')
    .option('--email <email>', "a console user's email")
    .option('--password <password>', 'their password; asked for on a terminal when left out')
    .addOption(jsonOption())
    .action(
      async (
        options: { url: string; apiKey?: string; email?: string; password?: string; json?: boolean },
        command: Command,
      ) => {
        if (Boolean(options.apiKey) === Boolean(options.email))
          command.error('error: give either --api-key or --email');
        const url = options.url.replace(/\/+$/, '');
        let login: StoredLogin;
        let who: string;
        if (options.apiKey) {
          login = { url, apiKey: options.apiKey };
          await verifyApiKey(new ApiClient(login));
          who = `API key ${options.apiKey.slice(0, 15)}…`;
        } else {
          const password = options.password ?? (await askPassword(context.io));
          const answer = await new ApiClient({ url }).json<{ accessToken: string; user: CurrentUser }>(
            'POST',
            '/api/v1/auth/login',
            {
              body: { email: options.email, password },
            },
          );
          login = { url, accessToken: answer.accessToken, email: answer.user.email };
          who = `${answer.user.email} (${answer.user.role})`;
        }
        const path = writeLogin(context.io.env, login);
        context.print(
          options,
          { url, kind: login.apiKey ? 'apiKey' : 'user', config: path },
          () => `logged in to ${url} as ${who}; saved in ${path}`,
        );
      },
    );

  program
    .command('logout')
    .description('forget the stored login')
    .addOption(jsonOption())
    .action((options: { json?: boolean }) => {
      const removed = removeLogin(context.io.env);
      context.print(options, { loggedOut: removed }, () =>
        removed ? `removed ${configPath(context.io.env)}` : 'not logged in',
      );
    });

  program
    .command('whoami')
    .description('the server and credential in use (PROMPTOPS_URL / PROMPTOPS_API_KEY win over the stored login)')
    .addOption(jsonOption())
    .action(async (options: { json?: boolean }) => {
      const login = resolveLogin(context.io.env);
      const client = new ApiClient(login);
      if (login.apiKey) {
        const key = await verifyApiKey(client);
        const source = context.io.env.PROMPTOPS_API_KEY ? 'PROMPTOPS_API_KEY' : configPath(context.io.env);
        context.print(
          options,
          {
            url: client.url,
            kind: 'apiKey',
            keyPrefix: key.prefix,
            name: key.name,
            scopes: key.scopes,
            environment: key.environment,
            source,
          },
          () =>
            `${client.url}: API key "${key.name}" ${key.prefix}… scopes ${key.scopes.join(', ')}${key.environment ? ` (${key.environment} only)` : ''} (from ${source})`,
        );
        return;
      }
      if (!login.accessToken) throw new UsageError(`no credential for ${client.url}: run promptops login`);
      const user = await client.json<CurrentUser>('GET', '/api/v1/auth/me');
      context.print(
        options,
        { url: client.url, kind: 'user', email: user.email, role: user.role },
        () => `${client.url}: ${user.email} (${user.role})`,
      );
    });
}

/** The key in use, as the server knows it (401 when it is invalid or revoked). */
async function verifyApiKey(client: ApiClient): Promise<CurrentApiKey> {
  return client.json<CurrentApiKey>('GET', '/api/v1/api-keys/current');
}

interface CurrentApiKey {
  name: string;
  prefix: string;
  scopes: string[];
  environment: string | null;
}

async function askPassword(io: CliIo): Promise<string> {
  if (!io.stdin?.isTTY) throw new UsageError('give --password, or run login on a terminal to be asked for it');
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) io.stderr.write(String(chunk));
      done();
    },
  });
  const reader = createInterface({ input: io.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      reader.question('Password: ', (answer) => {
        io.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  } finally {
    reader.close();
  }
}
