import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  canonicalJson,
  canonicalVersionContent,
  Permission,
  roleHas,
  TRANSFER_FORMAT,
  TransferBundle,
  TransferPrompt,
  TransferVersion,
  VersionStatus,
} from '@promptops/shared';
import type { VariableMeta } from '@promptops/templating';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { DomainError, ForbiddenError } from '../common/problem/domain.error';
import { isUniqueViolation } from '../database/errors';
import { TransactionService } from '../database/transaction.service';
import { assertItemsValid, DatasetsService, itemContent, NewItem } from '../datasets/datasets.service';
import { DeploymentsService } from '../deployments/deployments.service';
import { EnvironmentsService } from '../environments/environments.service';
import { analyzeFlow } from '../flows/flow-graph';
import { FlowInvalidError } from '../flows/flows.errors';
import { normalizeDefinition } from '../flows/flows.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { Prompt } from '../prompts/prompt.entity';
import { PromptVersion } from '../prompts/prompt-version.entity';
import { PromptNotFoundError } from '../prompts/prompts.errors';
import { PromptChangedEvent } from '../prompts/prompts.events';
import { PromptsService } from '../prompts/prompts.service';
import { storedContent, VersionInput, VersionsService } from '../prompts/versions.service';
import { ProvidersService } from '../providers/providers.service';
import { RenderingService } from '../templates/rendering.service';
import { ExportInclude, ExportQueryDto } from './dto/export-query.dto';
import {
  ImportDeploymentOutcomeDto,
  ImportPromptOutcomeDto,
  ImportReportDto,
  ImportVersionOutcomeDto,
} from './dto/import-report.dto';
import {
  ImportRequestDto,
  TransferBundleDto,
  TransferDatasetDto,
  TransferEnvironmentDto,
  TransferPromptDto,
  TransferProviderDto,
} from './dto/transfer-bundle.dto';
import { planVersions } from './transfer-plan';
import { TransferBundleInvalidError, TransferScopeMissingError, underBundlePath } from './transfer.errors';

/** SHA-256 (hex) of a version's canonical content: equal content, equal hash, on every instance. */
export function versionHash(version: Parameters<typeof canonicalVersionContent>[0]): string {
  return createHash('sha256').update(canonicalVersionContent(version)).digest('hex');
}

/** A bundle version checked and turned into what `insertVersion` takes, with the hash of what will be stored. */
interface PreparedVersion {
  source: TransferVersion;
  input: VersionInput;
  hash: string;
}

/** What to tell the caches once the import has committed. */
interface Announcements {
  /** Prompts that got versions, and whether a published one among them (what serving may now resolve). */
  prompts: Map<string, boolean>;
  deployments: { prompt: string; environment: string; version: number }[];
  providers: string[];
}

/** Thrown at the end of a dry run so that its transaction rolls back with the report computed. */
class DryRunRollback extends Error {
  constructor(readonly report: ImportReportDto) {
    super('dry run');
  }
}

/**
 * Prompts moved between instances (and into Git by the CLI) as one bundle: `export` writes it,
 * `import` reads it back.
 *
 * Import rules (docs/prompts-as-files.md, "Import rules"):
 * - One transaction for the whole import; any failure writes nothing. A dry run runs the same
 *   code in a transaction that is rolled back, so its report is exactly what an import would do.
 * - Versions are never overwritten or deleted, only appended. A prompt missing here is created
 *   with all its versions, numbered as in the bundle when those are 1..n (else from 1, said so).
 *   For a prompt here, a bundle version with a number is `unchanged` when that number has the same
 *   content here, or when any version here has it (named); `created` with its number when that is
 *   free and the next; else a `conflict`, created as the next version with the reason. A version
 *   without a number (a local edit) is created as the next unless the latest has its content.
 * - Created versions keep the bundle's status (`publish` publishes drafts); existing versions keep
 *   theirs, except that with `publish` a draft here whose content a bundle version (not archived)
 *   has is published and reported `updated` (a pull request pushed it as a draft; the merge publishes).
 * - Deployments (`new-prompts` by default, `all`, `none`) go through the deployments service's
 *   rules; a deploy it refuses (archived, unpublished into a protected environment) or to an
 *   environment neither here nor in the bundle is `skipped` with the reason.
 * - Environments and providers missing here are created (providers without keys); existing ones
 *   are left alone. A dataset missing here is created; one with other items gets a new version
 *   with the bundle's items (a `conflict`).
 * - Idempotent: importing the same bundle again changes nothing and reports `changed: false`.
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly transactions: TransactionService,
    private readonly prompts: PromptsService,
    private readonly versions: VersionsService,
    private readonly locator: PromptLocator,
    private readonly deployments: DeploymentsService,
    private readonly environments: EnvironmentsService,
    private readonly providers: ProvidersService,
    private readonly datasets: DatasetsService,
    private readonly rendering: RenderingService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
  ) {}

  async exportBundle(query: ExportQueryDto): Promise<TransferBundleDto> {
    const include = new Set<ExportInclude>(
      query.include ?? (query.prompts ? [] : ['environments', 'providers', 'datasets']),
    );
    const prompts = await this.prompts.listForExport(query.prompts, query.includeDisabled ?? false);
    const ids = prompts.map((p) => p.id);
    const [versions, served] = await Promise.all([
      this.versions.listStoredVersions(ids),
      this.deployments.listServedVersions(ids),
    ]);
    const bundle: TransferBundle = {
      format: TRANSFER_FORMAT,
      exportedAt: new Date().toISOString(),
      prompts: prompts.map((prompt): TransferPrompt => {
        const all = versions.get(prompt.id) ?? [];
        const chosen = query.latest ? all.filter((v) => v.isLatest) : all;
        return {
          name: prompt.name,
          type: prompt.type,
          displayName: prompt.displayName,
          description: prompt.description,
          folder: prompt.folder,
          tags: prompt.tags,
          versions: chosen.map(exportVersion),
          deployments: served.get(prompt.id) ?? [],
        };
      }),
    };
    if (include.has('environments')) {
      bundle.environments = (await this.environments.listEnvironments()).map((e) => ({
        name: e.name,
        description: e.description,
        isProtected: e.isProtected,
      }));
    }
    if (include.has('providers')) {
      bundle.providers = (await this.providers.listProviders()).items.map((p) => ({
        name: p.name,
        kind: p.kind,
        baseUrl: p.baseUrl,
        models: p.models.map((m) => ({ ...m })),
      }));
    }
    if (include.has('datasets')) bundle.datasets = await this.datasets.listForExport();
    return bundle as TransferBundleDto;
  }

  async importBundle(body: ImportRequestDto, actor: Actor): Promise<ImportReportDto> {
    const mode = body.deployments ?? 'new-prompts';
    if (mode !== 'none' && body.bundle.prompts.some((p) => p.deployments?.length)) assertMayDeploy(actor);
    const prepared = this.prepare(body.bundle);
    await this.assertFlowStepsResolve(body.bundle);
    // A retried transaction (a MySQL deadlock) starts again from nothing, announcements included.
    const work = async (manager: EntityManager) => {
      const announcements: Announcements = { prompts: new Map(), deployments: [], providers: [] };
      const report = await this.apply(manager, body, prepared, mode, actor, announcements);
      if (body.dryRun) throw new DryRunRollback(report);
      return { report, announcements };
    };
    if (body.dryRun) return this.transactions.run(work).then(({ report }) => report, reportOfDryRun);
    const { report, announcements } = await this.transactions.run(work).catch((error: unknown) => {
      // Another import created the same prompt, dataset… first: plan again against what it committed.
      if (isUniqueViolation(error)) return this.transactions.run(work);
      throw error;
    });
    for (const name of announcements.providers) await this.providers.announceCreated(name);
    for (const [name, published] of announcements.prompts) {
      const action = published ? 'version.publish' : 'prompt.update';
      await this.events.emitAsync(PromptChangedEvent.NAME, new PromptChangedEvent(name, action));
    }
    for (const d of announcements.deployments)
      await this.deployments.announceDeployed(d.prompt, d.environment, d.version);
    return report;
  }

  /**
   * Checks what the bundle holds before anything is read or written: names unique, each version's
   * kind fitting its prompt's type, templates that parse and declarations that fit (the versions
   * service's rules), flow definitions without issues. A 400 names the path of the first problem.
   */
  private prepare(bundle: TransferBundleDto): PreparedVersion[][] {
    assertUnique(bundle.prompts, 'prompts');
    assertUnique(bundle.environments ?? [], 'environments');
    assertUnique(bundle.providers ?? [], 'providers');
    assertUnique(bundle.datasets ?? [], 'datasets');
    return bundle.prompts.map((prompt, p) => {
      const numbers = new Set<number>();
      return prompt.versions.map((version, v) => {
        const path = `bundle.prompts.${p}.versions.${v}`;
        if (version.version !== undefined) {
          if (numbers.has(version.version)) throw new TransferBundleInvalidError(`${path}.version`, 'appears twice');
          numbers.add(version.version);
        }
        const input = this.versionInput(prompt, version, path);
        const hash = versionHash({
          ...storedContent(input),
          variablesMeta: input.variablesMeta ?? [],
          modelConfig: input.modelConfig ?? {},
        });
        return { source: version, input, hash };
      });
    });
  }

  private versionInput(prompt: TransferPromptDto, version: TransferVersion, path: string): VersionInput {
    const flowType = prompt.type === 'flow';
    if (flowType !== (version.kind === 'flow')) {
      throw new TransferBundleInvalidError(
        `${path}.kind`,
        flowType ? 'a flow\'s versions are of kind "flow"' : 'a prompt\'s versions are of kind "text" or "chat"',
      );
    }
    const common = {
      kind: version.kind,
      variablesMeta: version.variablesMeta as VariableMeta[],
      modelConfig: version.modelConfig,
      comment: version.comment ?? undefined,
      status: version.status,
    };
    try {
      if (version.kind === 'flow') {
        if (!version.flow) throw new TransferBundleInvalidError(`${path}.flow`, 'a flow version needs its definition');
        this.rendering.assertValidMeta(common.variablesMeta);
        const flow = normalizeDefinition(version.flow);
        const { issues } = analyzeFlow(
          flow,
          common.variablesMeta.map((input) => input.name),
        );
        if (issues.length) throw new FlowInvalidError(issues);
        return { ...common, flow };
      }
      if (version.kind === 'chat' && !version.messages?.length) {
        throw new TransferBundleInvalidError(`${path}.messages`, 'a chat version needs its messages');
      }
      const content = this.versions.contentOf({
        kind: version.kind,
        template: version.kind === 'chat' ? undefined : version.template,
        messages: version.kind === 'chat' ? (version.messages ?? undefined) : undefined,
        variablesMeta: common.variablesMeta,
      });
      return { ...common, ...content };
    } catch (error) {
      if (error instanceof TransferBundleInvalidError) throw error;
      if (error instanceof DomainError && error.status === 400)
        throw underBundlePath(path, error, version.kind === 'flow' ? 'flow' : 'template');
      throw error;
    }
  }

  /**
   * Each flow step's prompt must be here or in the bundle, or the flow could never run, and be a
   * prompt: flows do not nest (the flow validator's rule for a version made by hand).
   */
  private async assertFlowStepsResolve(bundle: TransferBundleDto): Promise<void> {
    const inBundle = new Map(bundle.prompts.map((p) => [p.name, p.type]));
    for (const [p, prompt] of bundle.prompts.entries()) {
      for (const [v, version] of prompt.versions.entries()) {
        for (const [s, step] of (version.flow?.steps ?? []).entries()) {
          const path = `bundle.prompts.${p}.versions.${v}.flow.steps.${s}.prompt.name`;
          const type =
            inBundle.get(step.prompt.name) ??
            (await this.locator.find(step.prompt.name).then(
              (here) => here.type,
              (error: unknown) => {
                if (!(error instanceof PromptNotFoundError)) throw error;
                throw new TransferBundleInvalidError(
                  path,
                  `no prompt named "${step.prompt.name}" here or in the bundle`,
                );
              },
            ));
          if (type === 'flow') {
            throw new TransferBundleInvalidError(
              path,
              `"${step.prompt.name}" is a flow; a step calls a prompt (flows do not nest)`,
            );
          }
        }
      }
    }
  }

  private async apply(
    manager: EntityManager,
    body: ImportRequestDto,
    prepared: PreparedVersion[][],
    mode: 'new-prompts' | 'all' | 'none',
    actor: Actor,
    announcements: Announcements,
  ): Promise<ImportReportDto> {
    const { bundle } = body;
    const report: ImportReportDto = {
      dryRun: body.dryRun ?? false,
      changed: false,
      prompts: [],
      environments: [],
      providers: [],
      datasets: [],
      totals: {
        promptsCreated: 0,
        versionsCreated: 0,
        versionsPublished: 0,
        versionsUnchanged: 0,
        conflicts: 0,
        deploymentsApplied: 0,
      },
    };

    const missingEnvironments: TransferEnvironmentDto[] = [];
    for (const environment of bundle.environments ?? []) {
      if (!(await this.environments.existsWithin(manager, environment.name))) missingEnvironments.push(environment);
    }
    const missingProviders: TransferProviderDto[] = [];
    for (const provider of bundle.providers ?? []) {
      if ((await this.providers.needsApiKey(provider.name, manager)) === null) missingProviders.push(provider);
    }
    // Environments and providers are instance settings: creating them needs what creating one by hand needs.
    if (missingEnvironments.length + missingProviders.length > 0 && actor.user) {
      if (!roleHas(actor.user.role, Permission.ADMIN_PROVIDERS)) {
        throw new ForbiddenError(Permission.ADMIN_PROVIDERS, actor.user.role);
      }
    }

    for (const environment of bundle.environments ?? []) {
      const missing = missingEnvironments.includes(environment);
      if (missing) {
        const { name, description, isProtected } = environment;
        await this.environments.insertEnvironment(
          manager,
          { name, description: description ?? undefined, isProtected },
          actor,
        );
      }
      report.environments.push({ name: environment.name, action: missing ? 'created' : 'unchanged' });
    }
    for (const provider of bundle.providers ?? []) {
      const missing = missingProviders.includes(provider);
      if (missing) {
        await this.providers.insertKeyless(manager, provider, actor);
        announcements.providers.push(provider.name);
      }
      const needsApiKey = (await this.providers.needsApiKey(provider.name, manager)) ?? true;
      report.providers.push({ name: provider.name, action: missing ? 'created' : 'unchanged', needsApiKey });
    }

    for (const [p, prompt] of bundle.prompts.entries()) {
      const outcome = await this.importPrompt(manager, prompt, prepared[p], p, body.publish ?? false, actor);
      if (outcome.report.versions.some((v) => v.action === 'created' || v.action === 'conflict')) {
        announcements.prompts.set(prompt.name, outcome.createdPublished);
      }
      const applies = mode === 'all' || (mode === 'new-prompts' && outcome.report.action === 'created');
      if (applies && outcome.prompt) {
        outcome.report.deployments = await this.importDeployments(manager, prompt, outcome.report, actor);
        for (const d of outcome.report.deployments) {
          if ((d.action === 'created' || d.action === 'updated') && d.version !== null) {
            announcements.deployments.push({ prompt: prompt.name, environment: d.environment, version: d.version });
          }
        }
      }
      report.prompts.push(outcome.report);
    }

    for (const [d, dataset] of (bundle.datasets ?? []).entries()) {
      report.datasets.push(await this.importDataset(manager, dataset, `bundle.datasets.${d}.items`, actor));
    }

    report.totals = totalsOf(report);
    const { totals } = report;
    report.changed =
      totals.promptsCreated +
        totals.versionsCreated +
        totals.versionsPublished +
        totals.conflicts +
        totals.deploymentsApplied >
        0 || [...report.environments, ...report.providers, ...report.datasets].some((x) => x.action === 'created');
    if (report.changed) {
      await this.audit.record(manager, actor, {
        action: 'transfer.imported',
        targetType: 'transfer',
        targetId: 'import',
        summary: {
          totals: { ...totals },
          prompts: report.prompts.length,
          environmentsCreated: report.environments.filter((e) => e.action === 'created').length,
          providersCreated: report.providers.filter((e) => e.action === 'created').length,
          datasetsChanged: report.datasets.filter((e) => e.action !== 'unchanged').length,
          deployments: mode,
        },
      });
    }
    return report;
  }

  private async importPrompt(
    manager: EntityManager,
    prompt: TransferPromptDto,
    prepared: PreparedVersion[],
    index: number,
    publish: boolean,
    actor: Actor,
  ): Promise<{ report: ImportPromptOutcomeDto; prompt: Prompt | null; createdPublished: boolean }> {
    const report: ImportPromptOutcomeDto = { name: prompt.name, action: 'unchanged', versions: [], deployments: [] };
    let row = await this.locator.lock(manager, prompt.name).catch((error: unknown) => {
      if (error instanceof PromptNotFoundError) return null;
      throw error;
    });
    const skip = (reason: string) => {
      report.action = 'skipped';
      report.reason = reason;
      report.versions = prepared.map((v) => ({
        sourceVersion: v.source.version ?? null,
        version: v.source.version ?? 0,
        action: 'skipped' as const,
        hash: v.hash,
        reason,
      }));
      return { report, prompt: null, createdPublished: false };
    };
    if (row && row.type !== prompt.type) return skip(`"${prompt.name}" here is a ${row.type}, not a ${prompt.type}`);
    if (row && !row.enabled) return skip(`"${prompt.name}" is disabled here; enable it to import into it`);

    let here: PromptVersion[] | null = null;
    if (row) {
      here = (await this.versions.listStoredVersions([row.id], manager)).get(row.id) ?? [];
    } else {
      row = await this.prompts.insertEntry(
        manager,
        {
          name: prompt.name,
          displayName: prompt.displayName,
          description: prompt.description ?? undefined,
          folder: prompt.folder ?? undefined,
          tags: prompt.tags,
        },
        prompt.type,
        actor,
      );
      report.action = 'created';
    }
    const plan = planVersions(
      prepared.map((v) => ({ version: v.source.version, hash: v.hash })),
      here ? here.map((v) => ({ version: v.version, hash: versionHash(v) })) : null,
    );
    let createdPublished = false;
    for (const [v, planned] of plan.entries()) {
      const outcome: ImportVersionOutcomeDto = { ...planned };
      const matched = planned.action === 'unchanged' ? here?.find((h) => h.version === planned.version) : undefined;
      if (publish && matched?.status === VersionStatus.DRAFT && prepared[v].input.status !== VersionStatus.ARCHIVED) {
        // The content is here already as a draft (pushed from a pull request, say): `publish`
        // asks for it to be live, so it is published rather than created again.
        assertMayPublish(actor);
        await this.versions.changeStatusWithin(manager, row, matched.version, VersionStatus.PUBLISHED, actor);
        matched.status = VersionStatus.PUBLISHED;
        outcome.action = 'updated';
        outcome.reason = `v${matched.version} was a draft here; published`;
        createdPublished = true;
        if (report.action === 'unchanged') report.action = 'updated';
      } else if (planned.action !== 'unchanged') {
        const path = `bundle.prompts.${index}.versions.${v}`;
        const input = prepared[v].input;
        const status = publish && input.status === VersionStatus.DRAFT ? VersionStatus.PUBLISHED : input.status;
        if (status !== VersionStatus.DRAFT) assertMayPublish(actor);
        await this.assertProviderExists(manager, input, path);
        const created = await this.versions.insertVersion(manager, row, { ...input, status }, actor, null);
        if (created.version !== planned.version) {
          throw new Error(
            `Import planned v${planned.version} of "${prompt.name}" but the next number is ${created.version}`,
          );
        }
        if (status === VersionStatus.PUBLISHED) createdPublished = true;
        if (report.action === 'unchanged') report.action = 'updated';
      }
      report.versions.push(outcome);
    }
    return { report, prompt: row, createdPublished };
  }

  /** The versions service's rule for a saved model config, with the bundle path in the 400. */
  private async assertProviderExists(manager: EntityManager, input: VersionInput, path: string): Promise<void> {
    const provider = input.modelConfig?.provider;
    if (provider && (await this.providers.needsApiKey(provider, manager)) === null) {
      throw new TransferBundleInvalidError(
        `${path}.modelConfig.provider`,
        `no provider named "${provider}" here or in the bundle's providers`,
      );
    }
  }

  private async importDeployments(
    manager: EntityManager,
    prompt: TransferPromptDto,
    outcome: ImportPromptOutcomeDto,
    actor: Actor,
  ): Promise<ImportDeploymentOutcomeDto[]> {
    const results: ImportDeploymentOutcomeDto[] = [];
    const numberHere = new Map(
      outcome.versions.filter((v) => v.sourceVersion !== null).map((v) => [v.sourceVersion!, v.version]),
    );
    const served = new Map(
      (await this.deployments.listServedVersionsWithin(manager, prompt.name)).map((d) => [d.environment, d.version]),
    );
    for (const deployment of prompt.deployments ?? []) {
      const version = numberHere.get(deployment.version);
      const skipped = (reason: string) =>
        results.push({ environment: deployment.environment, version: version ?? null, action: 'skipped', reason });
      if (version === undefined) {
        skipped(`v${deployment.version} is not among the bundle's versions`);
        continue;
      }
      if (!(await this.environments.existsWithin(manager, deployment.environment))) {
        skipped(`environment "${deployment.environment}" does not exist here and the bundle does not list it`);
        continue;
      }
      const current = served.get(deployment.environment);
      if (current === version) {
        results.push({ environment: deployment.environment, version, action: 'unchanged' });
        continue;
      }
      try {
        await this.deployments.deployWithin(manager, prompt.name, deployment.environment, version, 'Imported', actor);
      } catch (error) {
        // The deploy's refusals come before it writes anything, so the import can go on without it.
        if (error instanceof DomainError && error.status === 409) {
          skipped(error.detail);
          continue;
        }
        throw error;
      }
      results.push({
        environment: deployment.environment,
        version,
        action: current === undefined ? 'created' : 'updated',
      });
    }
    return results;
  }

  private async importDataset(
    manager: EntityManager,
    dataset: TransferDatasetDto,
    path: string,
    actor: Actor,
  ): Promise<{ name: string; action: 'created' | 'unchanged' | 'conflict'; reason?: string }> {
    const items: NewItem[] = dataset.items.map((item) => ({
      input: item.input,
      expected: item.expected ?? null,
      metadata: item.metadata ?? null,
    }));
    const existing = await this.datasets.findOptional(dataset.name);
    if (!existing) {
      const draft = await this.datasets.startDataset(
        manager,
        { name: dataset.name, description: dataset.description ?? undefined },
        actor,
      );
      assertItemsValid(draft.rules, items, path);
      await this.datasets.insertItems(manager, draft, items);
      await this.datasets.finishVersion(manager, draft, items.length, 'Imported', actor);
      return { name: dataset.name, action: 'created' };
    }
    const current = await this.datasets.listVersionItems(existing.id, existing.latestVersion);
    if (canonicalJson(current.map(itemContent)) === canonicalJson(items.map(itemContent))) {
      return { name: dataset.name, action: 'unchanged' };
    }
    const draft = await this.datasets.startVersion(manager, dataset.name);
    assertItemsValid(draft.rules, items, path);
    await this.datasets.endAllItems(manager, draft);
    await this.datasets.insertItems(manager, draft, items);
    await this.datasets.finishVersion(manager, draft, items.length, 'Imported, replacing all items', actor);
    return {
      name: dataset.name,
      action: 'conflict',
      reason: `v${existing.latestVersion} here has other items; created v${draft.version} with the bundle's items`,
    };
  }
}

function totalsOf(report: ImportReportDto): ImportReportDto['totals'] {
  const versions = report.prompts.flatMap((p) => p.versions);
  const count = (action: string) => versions.filter((v) => v.action === action).length;
  const applied = (d: { action: string }) => d.action === 'created' || d.action === 'updated';
  return {
    promptsCreated: report.prompts.filter((p) => p.action === 'created').length,
    versionsCreated: count('created'),
    versionsPublished: count('updated'),
    versionsUnchanged: count('unchanged'),
    conflicts: count('conflict') + report.datasets.filter((d) => d.action === 'conflict').length,
    deploymentsApplied: report.prompts.flatMap((p) => p.deployments).filter(applied).length,
  };
}

function reportOfDryRun(error: unknown): ImportReportDto {
  if (error instanceof DryRunRollback) return error.report;
  throw error;
}

function exportVersion(version: PromptVersion): TransferVersion {
  return {
    version: version.version,
    status: version.status,
    kind: version.kind,
    template: version.template,
    messages: version.messages,
    flow: version.flow,
    variablesMeta: version.variablesMeta,
    modelConfig: version.modelConfig,
    comment: version.comment,
    hash: versionHash(version),
  };
}

function assertUnique(entries: { name: string }[], what: string): void {
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.name))
      throw new TransferBundleInvalidError(`bundle.${what}.${index}.name`, `"${entry.name}" appears twice`);
    seen.add(entry.name);
  });
}

/**
 * Creating a version as published or archived, or publishing one, needs what publishing needs:
 * `prompt:publish` in the console (an editor imports drafts only). An API key's `write` scope
 * already allows publishing.
 */
function assertMayPublish(actor: Actor): void {
  if (actor.user && !roleHas(actor.user.role, Permission.PROMPT_PUBLISH)) {
    throw new ForbiddenError(Permission.PROMPT_PUBLISH, actor.user.role);
  }
}

/** Deploying needs what a deploy needs: `prompt:publish` in the console, the `deploy` scope for an API key. */
function assertMayDeploy(actor: Actor): void {
  if (actor.apiKey && !actor.apiKey.scopes.includes('deploy')) {
    throw new TransferScopeMissingError(
      'deploy',
      'applying the bundle\'s deployments (send deployments: "none" to skip them)',
    );
  }
  if (actor.user && !roleHas(actor.user.role, Permission.PROMPT_PUBLISH)) {
    throw new ForbiddenError(Permission.PROMPT_PUBLISH, actor.user.role);
  }
}
