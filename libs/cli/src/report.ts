import type { ImportReport, TransferAction } from '@promptops/shared';

/** An import's report as lines a person reads: one per prompt, then the totals. */
export function importReportLines(report: ImportReport): string[] {
  const lines = report.prompts.map((prompt) => {
    const groups = new Map<TransferAction, string[]>();
    for (const v of prompt.versions) {
      const label =
        v.sourceVersion === null
          ? `v${v.version} (local edit)`
          : v.sourceVersion === v.version
            ? `v${v.version}`
            : `v${v.sourceVersion} as v${v.version}`;
      groups.set(v.action, [...(groups.get(v.action) ?? []), label]);
    }
    const parts = [...groups].map(([action, labels]) => `${action} ${labels.join(', ')}`);
    const reasons = prompt.versions.filter((v) => v.reason).map((v) => `  ${v.action}: ${v.reason}`);
    const deployments = prompt.deployments
      .filter((d) => d.action !== 'unchanged')
      .map(
        (d) =>
          `  ${d.environment} → ${d.version === null ? 'nothing' : `v${d.version}`}: ${d.action}${d.reason ? ` (${d.reason})` : ''}`,
      );
    // "unchanged v1, v2" says it all when every version shares the prompt's action.
    const head =
      groups.size === 1 && groups.has(prompt.action)
        ? parts[0]
        : [prompt.action, parts.join('; ')].filter(Boolean).join(' — ');
    return [`${prompt.name}: ${head}`, ...reasons, ...deployments].join('\n');
  });
  for (const provider of report.providers.filter((p) => p.action === 'created')) {
    lines.push(
      `provider ${provider.name}: created${provider.needsApiKey ? ' without its API key: add one in the console' : ''}`,
    );
  }
  for (const item of [
    ...report.environments.map((e) => ({ kind: 'environment', ...e })),
    ...report.datasets.map((d) => ({ kind: 'dataset', ...d })),
  ]) {
    if (item.action !== 'unchanged') lines.push(`${item.kind} ${item.name}: ${item.action}`);
  }
  const t = report.totals;
  const summary = `${t.versionsCreated} version(s) created, ${t.versionsPublished ? `${t.versionsPublished} published, ` : ''}${t.versionsUnchanged} unchanged, ${t.conflicts} conflict(s), ${t.promptsCreated} new prompt(s), ${t.deploymentsApplied} deployment(s) applied`;
  lines.push(
    report.dryRun ? `dry run, nothing written: ${summary}` : report.changed ? summary : `nothing changed: ${summary}`,
  );
  return lines;
}
