import { Injectable } from '@nestjs/common';
import {
  ChatMessageTemplate,
  ErrorCode,
  FlowDefinition,
  ModelConfig,
  VersionKind,
  VersionStatus,
} from '@promptops/shared';
import { cacheKeys, ServingCache } from '../cluster/serving-cache';
import { DomainError } from '../common/problem/domain.error';
import { DeploymentsService } from '../deployments/deployments.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { VersionNotFoundError } from '../prompts/prompts.errors';
import { ServableVersion, VersionsService } from '../prompts/versions.service';
import { assign, stickyKeyOf } from '../rollouts/assignment';
import { RolloutsService } from '../rollouts/rollouts.service';
import type { RolloutStickyKey } from '@promptops/shared';
import type { VariableMeta } from '@promptops/templating';
import { Prompt } from '../prompts/prompt.entity';
import { ResolvedRetirement, retirementOf } from '../retirement/retirement-notice';

/** A version as the serving paths need it, detached from the ORM so it can be cached and shared. */
export interface ResolvedPrompt {
  prompt: string;
  environment: string | null;
  version: number;
  status: VersionStatus;
  kind: VersionKind;
  template: string;
  messages: ChatMessageTemplate[] | null;
  /** A flow version's definition; null for a prompt. */
  flow: FlowDefinition | null;
  variablesMeta: VariableMeta[];
  modelConfig: ModelConfig;
  /** Changes whenever what is served changes; the ETag of GET …/resolved. */
  etag: string;
  /** The prompt's deprecation, if any: cached with the rest, so serving never reads it per request. */
  retirement?: ResolvedRetirement | null;
  /** A deployment's running rollout (resolveDeployed): its candidates, resolved too. */
  rollout?: ResolvedRollout | null;
  /** Once a request is assigned to an arm of a rollout: which rollout and arm. */
  rolloutId?: number | null;
  rolloutVariant?: string | null;
}

/** A running rollout as the serving path assigns requests to it. */
export interface ResolvedRollout {
  id: number;
  stickyKey: RolloutStickyKey;
  /** Candidate weights in basis points, in order (see rollouts/assignment.ts). */
  weightsBp: number[];
  candidates: ResolvedPrompt[];
}

const RESOLVED_TTL_MS = 30_000;

/**
 * Which version a caller gets: the environment's deployment, or an explicitly named published
 * version. Deployment lookups are cached and invalidated on every replica when a deployment,
 * a version's status or the prompt changes; when the database is briefly unreachable, the
 * last resolution keeps being served.
 */
@Injectable()
export class ResolutionService {
  constructor(
    private readonly locator: PromptLocator,
    private readonly versions: VersionsService,
    private readonly deployments: DeploymentsService,
    private readonly cache: ServingCache,
    private readonly rollouts: RolloutsService,
  ) {}

  resolveDeployed(name: string, environment: string): Promise<ResolvedPrompt> {
    return this.cache.read(
      cacheKeys.resolved(name, environment),
      RESOLVED_TTL_MS,
      () => this.loadDeployed(name, environment),
      `"${name}" in ${environment}`,
    );
  }

  /**
   * For a user in debug mode: the newest draft when it is newer than what the environment
   * serves, else the deployment. Never read from or written to the shared cache.
   */
  async resolveDebug(name: string, environment: string): Promise<ResolvedPrompt | null> {
    const deployed = await this.resolveDeployed(name, environment);
    const prompt = await this.locator.findServable(name);
    const draft = await this.versions.findServableVersion(prompt.id, 'newest-draft');
    if (!draft || draft.version <= deployed.version) return null;
    return toResolved(name, environment, draft, `debug-v${draft.version}`, prompt);
  }

  /** A named version; only published ones unless `allowDrafts`. */
  async resolveVersion(name: string, version: number, allowDrafts: boolean): Promise<ResolvedPrompt> {
    const prompt = await this.locator.findServable(name);
    const row = await this.versions.findServableVersion(prompt.id, version);
    if (!row) throw new VersionNotFoundError(name, version);
    if (!allowDrafts && row.status !== VersionStatus.PUBLISHED) {
      throw new DomainError(
        409,
        ErrorCode.VERSION_NOT_PUBLISHED,
        'Conflict',
        `Version ${version} of "${name}" is ${row.status}; only published versions are served`,
      );
    }
    return toResolved(name, null, row, `v${row.version}-${row.status}`, prompt);
  }

  /** The latest version, whatever its status: what editors in the console work on. */
  async resolveLatest(name: string): Promise<ResolvedPrompt> {
    const prompt = await this.locator.findForServing(name);
    const row = await this.versions.findServableVersion(prompt.id, 'latest');
    if (!row) throw new VersionNotFoundError(name, 1);
    return toResolved(name, null, row, `latest-v${row.version}`, prompt);
  }

  private async loadDeployed(name: string, environmentName: string): Promise<ResolvedPrompt> {
    const prompt = await this.locator.findServable(name);
    const deployment = await this.deployments.findServedDeployment(prompt.id, name, environmentName);
    const row = await this.versions.findServableVersion(prompt.id, deployment.version);
    if (!row) throw new VersionNotFoundError(name, deployment.version);
    const resolved = toResolved(
      name,
      environmentName,
      row,
      `${environmentName}-v${row.version}-${row.status}-${deployment.deployedAt.getTime()}`,
      prompt,
    );
    return { ...resolved, rollout: await this.loadRollout(prompt, resolved) };
  }

  /**
   * The deployment's running rollout with its candidates' content. One whose baseline is no
   * longer what is deployed is not served (it is being ended).
   */
  private async loadRollout(prompt: Prompt, baseline: ResolvedPrompt): Promise<ResolvedRollout | null> {
    const rollout = await this.rollouts.findServingRollout(prompt.id, baseline.environment as string);
    if (!rollout || rollout.baselineVersion !== baseline.version) return null;
    const candidates: ResolvedPrompt[] = [];
    for (const candidate of rollout.candidates) {
      const row = await this.versions.findServableVersion(prompt.id, candidate.version);
      if (!row) return null;
      candidates.push(
        toResolved(
          baseline.prompt,
          baseline.environment,
          row,
          `${baseline.environment}-rollout${rollout.id}-v${row.version}`,
          prompt,
        ),
      );
    }
    return {
      id: rollout.id,
      stickyKey: rollout.stickyKey,
      weightsBp: rollout.candidates.map((c) => c.weightBp),
      candidates,
    };
  }

  /**
   * The arm of the deployment's running rollout a request gets, by its sticky key (see
   * rollouts/assignment.ts); the deployment itself when no rollout runs.
   */
  assign(resolved: ResolvedPrompt, keys: { userId?: string | null; subjectKey?: string | null }): ResolvedPrompt {
    const rollout = resolved.rollout;
    if (!rollout) return resolved;
    const arm = assign(rollout, stickyKeyOf(rollout.stickyKey, keys));
    const served = arm.candidate === null ? resolved : rollout.candidates[arm.candidate];
    return { ...served, rollout: null, rolloutId: rollout.id, rolloutVariant: arm.variant };
  }
}

function toResolved(
  name: string,
  environment: string | null,
  row: ServableVersion,
  tag: string,
  prompt: Prompt,
): ResolvedPrompt {
  return { prompt: name, environment, ...row, etag: `"${name}-${tag}"`, retirement: retirementOf(prompt) };
}
