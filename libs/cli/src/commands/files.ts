import { Command, Option } from 'commander';
import type { ImportReport, TransferBundle } from '@promptops/shared';
import { jsonOption, type Context } from '../cli';
import { CheckFailedError } from '../errors';
import { bundleToFiles, filesToBundle } from '../layout';
import { importReportLines } from '../report';
import { readTree, writeTree } from '../tree';

export const DEPLOYMENT_MODES = ['new-prompts', 'all', 'none'] as const;
type ImportDeployments = (typeof DEPLOYMENT_MODES)[number];

interface PushOptions {
  dryRun?: boolean;
  publish?: boolean;
  failOnChange?: boolean;
  deployments: ImportDeployments;
  json?: boolean;
}

export function registerFileCommands(program: Command, context: Context): void {
  program
    .command('pull')
    .description(
      'write prompts as files: prompts/<name>/prompt.yaml and one file per version (docs/prompts-as-files.md)',
    )
    .argument('[names...]', 'only these prompts (default: all)')
    .option('--out <dir>', 'the folder to write into', 'prompts')
    .option('--latest', "only each prompt's latest version, as template.jinja (or messages.yaml, flow.yaml)")
    .addOption(jsonOption())
    .action(async (names: string[], options: { out: string; latest?: boolean; json?: boolean }) => {
      const client = context.client();
      context.progress(`exporting ${names.length ? names.join(', ') : 'all prompts'} from ${client.url}…`);
      // Files hold prompts only: no environments, providers or datasets (which can be large).
      const bundle = await client.json<TransferBundle>('GET', '/api/v1/transfer/export', {
        query: {
          prompts: names.length ? names.join(',') : undefined,
          latest: options.latest || undefined,
          include: '',
        },
      });
      const files = bundleToFiles(bundle, { latest: options.latest });
      const out = context.path(options.out);
      writeTree(out, files);
      const prompts = bundle.prompts.map((p) => ({
        name: p.name,
        versions: (options.latest ? p.versions.slice(-1) : p.versions).map((v) => v.version),
      }));
      context.print(options, { out, prompts, files: [...files.keys()] }, () => [
        ...prompts.map((p) => `${p.name}: ${p.versions.map((v) => `v${v}`).join(', ')}`),
        `wrote ${files.size} file(s) for ${prompts.length} prompt(s) to ${options.out}`,
      ]);
    });

  program
    .command('push')
    .description('import prompts from files: edited versions become new versions; nothing is overwritten')
    .argument('[dir]', 'the folder pull wrote', 'prompts')
    .option('--dry-run', 'show what would change and write nothing')
    .option('--publish', 'publish the versions of your edits (drafts otherwise)')
    .option(
      '--fail-on-change',
      'exit 1 when something would change (with --dry-run: a check that files match the server)',
    )
    .addOption(
      new Option('--deployments <mode>', 'which deployments in prompt.yaml to apply')
        .choices(DEPLOYMENT_MODES)
        .default('new-prompts'),
    )
    .addOption(jsonOption())
    .action(async (dir: string, options: PushOptions) => {
      const { bundle, versions } = filesToBundle(readTree(context.path(dir)));
      for (const local of versions) {
        const what = local.editedFrom ? `v${local.editedFrom} edited` : 'a new version';
        context.progress(`${local.prompt}: ${what}, pushed as a new version`);
      }
      const report = await importBundle(context, bundle, options);
      context.print(options, report, () => importReportLines(report));
      if (options.failOnChange && report.changed) throw new CheckFailedError('the files differ from the server');
    });
}

/** Sends a bundle to the import and answers its report. */
export async function importBundle(
  context: Context,
  bundle: TransferBundle,
  options: { dryRun?: boolean; publish?: boolean; deployments?: ImportDeployments },
): Promise<ImportReport> {
  const client = context.client();
  context.progress(`${options.dryRun ? 'checking' : 'importing'} ${bundle.prompts.length} prompt(s) on ${client.url}…`);
  return client.json<ImportReport>('POST', '/api/v1/transfer/import', {
    body: {
      bundle,
      dryRun: options.dryRun ?? false,
      publish: options.publish ?? false,
      deployments: options.deployments,
    },
  });
}
