import { Command } from 'commander';
import { jsonOption, positiveInt, type Context } from '../cli';

interface DeployAnswer {
  prompt: string;
  environment: string;
  version: number | null;
  previousVersion: number | null;
  runIssues?: { message?: string }[];
}

export function registerDeploymentCommands(program: Command, context: Context): void {
  program
    .command('deploy')
    .description('serve a version of a prompt in an environment (API keys: scope deploy)')
    .argument('<name>', 'the prompt')
    .argument('<environment>', 'e.g. staging')
    .argument('<version>', 'the version number', positiveInt)
    .option('--note <text>', 'why, for the deployment history')
    .addOption(jsonOption())
    .action(async (name: string, environment: string, version: number, options: { note?: string; json?: boolean }) => {
      const answer = await context
        .client()
        .json<DeployAnswer>(
          'PUT',
          `/api/v1/prompts/${encodeURIComponent(name)}/deployments/${encodeURIComponent(environment)}`,
          {
            body: { version, note: options.note },
          },
        );
      printDeployment(context, options, answer, 'deployed');
    });

  program
    .command('rollback')
    .description('serve the previously deployed version again, or --to a version (API keys: scope deploy)')
    .argument('<name>', 'the prompt')
    .argument('<environment>', 'e.g. prod')
    .option('--to <version>', 'deploy this version instead of the previous one', positiveInt)
    .option('--note <text>', 'why, for the deployment history')
    .addOption(jsonOption())
    .action(async (name: string, environment: string, options: { to?: number; note?: string; json?: boolean }) => {
      const path = `/api/v1/prompts/${encodeURIComponent(name)}/deployments/${encodeURIComponent(environment)}`;
      const client = context.client();
      // The rollback route returns to the previous version; a chosen one is an ordinary deploy.
      const answer =
        options.to === undefined
          ? await client.json<DeployAnswer>('POST', `${path}/rollback`, { body: { note: options.note } })
          : await client.json<DeployAnswer>('PUT', path, {
              body: { version: options.to, note: options.note ?? `rollback to v${options.to}` },
            });
      printDeployment(context, options, answer, 'rolled back');
    });
}

function printDeployment(context: Context, options: { json?: boolean }, answer: DeployAnswer, verb: string): void {
  context.print(options, answer, () => [
    `${answer.prompt} ${answer.environment}: ${verb} to v${answer.version}${answer.previousVersion ? ` (was v${answer.previousVersion})` : ''}`,
    ...(answer.runIssues ?? []).map((issue) => `warning: ${issue.message ?? JSON.stringify(issue)}`),
  ]);
}
