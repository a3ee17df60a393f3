import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { collect, jsonOption, positiveInt, type Context } from '../cli';
import { ApiError, BadArgumentsError, UsageError } from '../errors';
import { serverEvents } from '../sse';

interface ServingOptions {
  var?: string[];
  varsFile?: string;
  env?: string;
  version?: number;
  json?: boolean;
}

interface RenderAnswer {
  text: string;
  messages: { role: string; content: string }[] | null;
  version: number;
  environment: string | null;
}

interface RunAnswer {
  output: string;
  version: number;
  environment: string | null;
  model: string;
  usage: { promptTokens: number; completionTokens: number };
  costUsd: number | null;
  latencyMs: number;
}

export function registerServingCommands(program: Command, context: Context): void {
  const servingOptions = (command: Command) =>
    command
      .argument('<name>', 'the prompt')
      .option('--var <name=value>', 'a variable (repeatable; the value is a string)', collect)
      .option('--vars-file <file>', 'variables from a JSON object (typed values); --var wins')
      .option('--env <environment>', 'what this environment serves (default: the API key’s, else prod)')
      .option('--version <number>', 'this version instead of a deployment', positiveInt)
      .addOption(jsonOption());

  servingOptions(
    program.command('render').description('render a prompt with variables (API keys: scope render)'),
  ).action(async (name: string, options: ServingOptions) => {
    const body = { variables: variablesOf(context, options), environment: options.env, version: options.version };
    const path = `/api/v1/prompts/${encodeURIComponent(name)}/render`;
    const answer = await context.client().json<RenderAnswer>('POST', path, { body });
    context.print(options, answer, () =>
      answer.messages ? answer.messages.map((m) => `# ${m.role}:\n${m.content}`).join('\n\n') : answer.text,
    );
  });

  servingOptions(program.command('run').description("run a prompt on its version's model (API keys: scope run)"))
    .option('--stream', 'print the answer as it arrives')
    .action(async (name: string, options: ServingOptions & { stream?: boolean }) => {
      const body = { variables: variablesOf(context, options), environment: options.env, version: options.version };
      const client = context.client();
      const path = `/api/v1/run/${encodeURIComponent(name)}`;
      if (!options.stream) {
        const answer = await client.json<RunAnswer>('POST', path, { body });
        context.print(options, answer, () => answer.output);
        context.progress(runLine(answer));
        return;
      }
      const response = await client.send('POST', path, {
        body: { ...body, stream: true },
        accept: 'text/event-stream',
      });
      for await (const event of serverEvents(response.body as ReadableStream<Uint8Array>)) {
        const data = JSON.parse(event.data);
        if (event.event === 'delta' && !options.json) context.io.stdout.write(data.text);
        else if (event.event === 'error') throw new ApiError(data.status ?? 502, data.code, data.detail ?? data.title);
        else if (event.event === 'done') {
          if (options.json) context.print(options, data, () => '');
          else context.io.stdout.write('\n');
          context.progress(runLine(data as RunAnswer));
          return;
        }
      }
      throw new ApiError(502, undefined, 'the stream ended before the run did');
    });
}

function runLine(answer: RunAnswer): string {
  const cost = answer.costUsd === null ? '' : `, $${answer.costUsd.toFixed(6)}`;
  return `v${answer.version}${answer.environment ? ` (${answer.environment})` : ''} on ${answer.model}: ${answer.usage.promptTokens}+${answer.usage.completionTokens} tokens${cost}, ${answer.latencyMs} ms`;
}

function variablesOf(context: Context, options: ServingOptions): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  if (options.varsFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(context.path(options.varsFile), 'utf8'));
    } catch (error) {
      throw new UsageError(`--vars-file ${options.varsFile}: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UsageError(`--vars-file ${options.varsFile} must hold a JSON object`);
    }
    Object.assign(variables, parsed);
  }
  for (const pair of options.var ?? []) {
    const equals = pair.indexOf('=');
    if (equals < 1) throw new BadArgumentsError(`--var ${pair}: write it as name=value`);
    variables[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return variables;
}
