import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ApiClient } from './client';
import { registerAuthCommands } from './commands/auth';
import { registerDeploymentCommands } from './commands/deployments';
import { registerEvalCommand } from './commands/eval';
import { registerFileCommands } from './commands/files';
import { registerServingCommands } from './commands/serving';
import { registerTransferCommands } from './commands/transfer';
import { resolveLogin } from './config';
import { BadArgumentsError, EXIT_ERROR, EXIT_OK, exitCodeOf } from './errors';
import { type CliIo, processIo } from './io';

/** What every command gets: where to write, how to reach the API. */
export interface Context {
  io: CliIo;
  /** A client for the logged-in (or `PROMPTOPS_URL`/`PROMPTOPS_API_KEY`) server. */
  client(): ApiClient;
  /** A path the user gave, relative to the working directory. */
  path(path: string): string;
  /** The result: as JSON with `--json`, else the human lines. */
  print(options: { json?: boolean }, value: unknown, human: () => string | string[]): void;
  /** Progress of long work, on stderr so that stdout stays the result. */
  progress(text: string): void;
}

/**
 * Runs `promptops <argv>` and answers the exit code: 0 ok, 1 a check failed, 2 an error or bad
 * usage (with the command's help). Never calls process.exit, so tests run it in-process.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const context: Context = {
    io,
    client: () => new ApiClient(resolveLogin(io.env)),
    path: (path) => (isAbsolute(path) ? path : resolve(io.cwd, path)),
    print(options, value, human) {
      if (options.json) {
        io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
        return;
      }
      const lines = human();
      const text = Array.isArray(lines) ? lines.join('\n') : lines;
      if (text) io.stdout.write(`${text}\n`);
    },
    progress: (text) => io.stderr.write(`${text}\n`),
  };
  const program = buildProgram(context);
  let running: Command = program;
  program.hook('preAction', (_program, command) => {
    running = command;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Commander has printed the problem and the command's help (or the help asked for).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    io.stderr.write(`error: ${(error as Error).message}\n`);
    if (error instanceof BadArgumentsError) running.outputHelp({ error: true });
    return exitCodeOf(error);
  }
}

function buildProgram(context: Context): Command {
  const program = new Command('promptops')
    .description('PromptOps from the command line: prompts as files in Git, deployments, rendering and CI gates.')
    .version(packageVersion())
    // Root options only before the command, so that `render --version 3` is the command's own.
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  registerAuthCommands(program, context);
  registerFileCommands(program, context);
  registerTransferCommands(program, context);
  registerDeploymentCommands(program, context);
  registerServingCommands(program, context);
  registerEvalCommand(program, context);
  return program;
}

/** `--json` on every command, for scripts. */
export const jsonOption = () => new Option('--json', 'print the result as JSON (for scripts)');

/** A positive whole number argument (a version), or a usage error. */
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('Not a positive whole number.');
  return Number(value);
}

/** Repeatable option values, collected in order. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}
