import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { TRANSFER_FORMAT, type TransferBundle } from '@promptops/shared';
import { jsonOption, type Context } from '../cli';
import { UsageError } from '../errors';
import { filesToBundle } from '../layout';
import { importReportLines } from '../report';
import { readTree } from '../tree';
import { DEPLOYMENT_MODES, importBundle } from './files';

export function registerTransferCommands(program: Command, context: Context): void {
  program
    .command('export')
    .description(
      'export prompts with all their versions and deployments, environments, providers (without keys) and datasets',
    )
    .option('--out <file>', 'write the bundle here (default: stdout)')
    .option('--prompts <names>', 'only these prompts, comma-separated')
    .option('--latest', "only each prompt's latest version")
    .addOption(jsonOption())
    .action(async (options: { out?: string; prompts?: string; latest?: boolean; json?: boolean }) => {
      const client = context.client();
      context.progress(`exporting from ${client.url}…`);
      const bundle = await client.json<TransferBundle>('GET', '/api/v1/transfer/export', {
        query: { prompts: options.prompts, latest: options.latest || undefined },
      });
      const text = `${JSON.stringify(bundle, null, 2)}\n`;
      if (!options.out) {
        context.io.stdout.write(text);
        return;
      }
      writeFileSync(context.path(options.out), text, 'utf8');
      const versions = bundle.prompts.reduce((sum, p) => sum + p.versions.length, 0);
      const summary = {
        out: options.out,
        prompts: bundle.prompts.length,
        versions,
        datasets: bundle.datasets?.length ?? 0,
      };
      context.print(
        options,
        summary,
        () => `wrote ${summary.prompts} prompt(s) with ${versions} version(s) to ${options.out}`,
      );
    });

  program
    .command('import')
    .description(
      'import an export (a .json bundle) or a folder of prompt files; idempotent, conflicts become new versions',
    )
    .argument('<source>', 'a bundle file from export, or a folder from pull')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--publish', 'publish the versions this import creates')
    .addOption(
      new Option('--deployments <mode>', 'which deployments to apply').choices(DEPLOYMENT_MODES).default('new-prompts'),
    )
    .addOption(jsonOption())
    .action(
      async (
        source: string,
        options: {
          dryRun?: boolean;
          publish?: boolean;
          deployments: (typeof DEPLOYMENT_MODES)[number];
          json?: boolean;
        },
      ) => {
        const report = await importBundle(context, readBundle(context.path(source)), options);
        context.print(options, report, () => importReportLines(report));
      },
    );
}

function readBundle(path: string): TransferBundle {
  let folder: boolean;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${path} does not exist`);
  }
  if (folder) return filesToBundle(readTree(path)).bundle;
  let bundle: TransferBundle;
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8')) as TransferBundle;
  } catch (error) {
    throw new UsageError(`${path} is not JSON (${(error as Error).message})`);
  }
  if (bundle?.format !== TRANSFER_FORMAT)
    throw new UsageError(`${path} is not a PromptOps export (format "${TRANSFER_FORMAT}")`);
  return bundle;
}
