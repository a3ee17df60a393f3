import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { ROLLOUT_BUCKETS, RolloutStatus, VersionStatus } from '@promptops/shared';
import { EntityManager, In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { Deployment } from '../deployments/deployment.entity';
import { DeploymentNotFoundError } from '../deployments/deployments.errors';
import { DeploymentChangedEvent } from '../deployments/deployments.events';
import { DeploymentsService } from '../deployments/deployments.service';
import { Environment } from '../environments/environment.entity';
import { EnvironmentNotFoundError } from '../environments/environments.service';
import { JobsService } from '../jobs/jobs.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { Prompt } from '../prompts/prompt.entity';
import { PromptVersion } from '../prompts/prompt-version.entity';
import { Run } from '../runs/run.entity';
import { candidateVariant } from './assignment';
import {
  ActiveRolloutResponseDto,
  PromoteRolloutDto,
  RolloutActionDto,
  RolloutCandidateDto,
  RolloutResponseDto,
  RolloutStatsResponseDto,
  StartRolloutDto,
  UpdateRolloutDto,
} from './dto/rollout.dto';
import { ACTIVE_SLOT, Rollout, RolloutCandidate, RolloutGuardrails } from './rollout.entity';
import { armsOf, armStats, compareArms, evaluateGuardrails, RolloutRunSample, seriesOf } from './rollout-stats';
import {
  RolloutAlreadyActiveError,
  RolloutInvalidError,
  RolloutNotFoundError,
  RolloutStateConflictError,
} from './rollouts.errors';
import { RolloutChangedEvent, RolloutGuardrailTrippedEvent } from './rollouts.events';

export const ROLLOUT_GUARDRAILS_QUEUE = 'rollout-guardrails';

/** Runs the stats and guardrails read per rollout at most (the newest). */
const MAX_SAMPLES = 100_000;

const DEFAULT_GUARDRAILS: RolloutGuardrails = {
  metrics: ['error_rate', 'p95_latency'],
  minSamples: 200,
  alpha: 0.05,
  action: 'pause',
};

/** What the serving path needs of a running rollout (cached with the deployment's resolution). */
export interface ServingRollout {
  id: number;
  baselineVersion: number;
  stickyKey: Rollout['stickyKey'];
  candidates: RolloutCandidate[];
}

/** Who acts when the guardrail job does: nobody signed in. */
const SYSTEM: Actor = { user: null, ip: null };

/**
 * Rollouts of a deployment: start, change, pause, resume, promote (through DeploymentsService,
 * so that it is a deploy in every respect), abort; their stats; and the guardrail job that
 * pauses or rolls back a candidate significantly worse than its baseline.
 */
@Injectable()
export class RolloutsService implements OnModuleInit {
  private readonly logger = new Logger(RolloutsService.name);

  constructor(
    @InjectRepository(Rollout) private readonly rollouts: Repository<Rollout>,
    @InjectRepository(Environment) private readonly environments: Repository<Environment>,
    @InjectRepository(Run) private readonly runs: Repository<Run>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly locator: PromptLocator,
    private readonly deployments: DeploymentsService,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(ROLLOUT_GUARDRAILS_QUEUE, () => this.checkGuardrails(), {
      everyMs: this.config.rollouts.guardrailIntervalMs,
      attempts: 1,
      concurrency: 1,
    });
  }

  async getActiveRollout(name: string, environmentName: string): Promise<ActiveRolloutResponseDto> {
    const { prompt, environment } = await this.target(name, environmentName);
    const row = await this.rollouts.findOneBy({
      promptId: prompt.id,
      environmentId: environment.id,
      activeSlot: ACTIVE_SLOT,
    });
    return { rollout: row ? toResponse(row, name, environmentName) : null };
  }

  /** Every rollout of the deployment, newest first. */
  async listRolloutHistory(name: string, environmentName: string): Promise<RolloutResponseDto[]> {
    const { prompt, environment } = await this.target(name, environmentName);
    const rows = await this.rollouts.find({
      where: { promptId: prompt.id, environmentId: environment.id },
      order: { id: 'DESC' },
      take: 100,
    });
    return rows.map((row) => toResponse(row, name, environmentName));
  }

  async startRollout(
    name: string,
    environmentName: string,
    body: StartRolloutDto,
    actor: Actor,
  ): Promise<RolloutResponseDto> {
    const started = await this.transactions.run(async (manager) => {
      const prompt = await this.locator.lock(manager, name, { mustBeEnabled: true });
      const environment = await this.findEnvironment(environmentName, manager);
      const deployment = await manager.findOneBy(Deployment, { promptId: prompt.id, environmentId: environment.id });
      if (!deployment) throw new DeploymentNotFoundError(name, environmentName);
      const active = await manager.findOneBy(Rollout, {
        promptId: prompt.id,
        environmentId: environment.id,
        activeSlot: ACTIVE_SLOT,
      });
      if (active) throw new RolloutAlreadyActiveError(name, environmentName, active.id);

      const steps = body.steps ?? null;
      if (steps) validateSteps(steps, body.candidates.length);
      if (body.autoAdvanceMinutes && !steps) {
        throw new RolloutInvalidError('Auto-advance needs ramp steps', 'autoAdvanceMinutes');
      }
      const given = steps ? [{ ...body.candidates[0], weight: steps[0] }] : body.candidates;
      const candidates = await this.validCandidates(manager, prompt, deployment.version, given);
      const now = new Date();
      const inserted = await manager.save(
        manager.create(Rollout, {
          promptId: prompt.id,
          environmentId: environment.id,
          baselineVersion: deployment.version,
          candidates,
          stickyKey: body.stickyKey ?? 'userId',
          steps,
          currentStep: steps ? 0 : null,
          autoAdvanceMinutes: body.autoAdvanceMinutes ?? null,
          stepStartedAt: now,
          guardrails: { ...DEFAULT_GUARDRAILS, ...definedOnly(body.guardrails ?? {}) },
          status: 'running',
          activeSlot: ACTIVE_SLOT,
          reason: body.note ?? null,
          startedById: actor.user?.id ?? null,
          startedBy: actor.user?.email ?? null,
          endedBy: null,
          startedAt: now,
          endedAt: null,
          updatedAt: now,
        }),
      );
      await this.record(manager, actor, inserted, name, environmentName, 'rollout.start', {
        after: {
          baselineVersion: inserted.baselineVersion,
          candidates: inserted.candidates.map((c) => ({ version: c.version, weight: c.weightBp / 100 })),
          stickyKey: inserted.stickyKey,
          steps: inserted.steps,
        },
        note: body.note ?? null,
      });
      return inserted;
    });
    await this.changed(started, name, environmentName, 'start');
    return toResponse(started, name, environmentName);
  }

  /** New weights for the same candidates, or the next ramp step. */
  async updateRollout(
    name: string,
    environmentName: string,
    body: UpdateRolloutDto,
    actor: Actor,
  ): Promise<RolloutResponseDto> {
    if (!body.candidates && !body.nextStep) {
      throw new RolloutInvalidError('Give new candidate weights or nextStep: true', 'candidates');
    }
    const updated = await this.transactions.run(async (manager) => {
      const { rollout, prompt } = await this.lockActive(manager, name, environmentName);
      const before = rollout.candidates.map((c) => ({ version: c.version, weight: c.weightBp / 100 }));
      if (body.nextStep) {
        if (!rollout.steps || rollout.currentStep === null) {
          throw new RolloutInvalidError('This rollout has no ramp steps', 'nextStep');
        }
        if (rollout.currentStep >= rollout.steps.length - 1) {
          throw new RolloutStateConflictError(rollout.id, 'at its last step', 'go to a next step; promote it');
        }
        rollout.currentStep += 1;
        rollout.candidates = [{ ...rollout.candidates[0], weightBp: toBp(rollout.steps[rollout.currentStep]) }];
      } else if (body.candidates) {
        const versions = rollout.candidates.map((c) => c.version).sort();
        const given = body.candidates.map((c) => c.version).sort();
        if (versions.join() !== given.join()) {
          throw new RolloutInvalidError(
            `A rollout's candidates cannot change; it tests v${versions.join(', v')} (start a new one for others)`,
            'candidates',
          );
        }
        const byVersion = new Map(body.candidates.map((c) => [c.version, c.weight]));
        const reweighted = rollout.candidates.map((c) => ({ version: c.version, weight: byVersion.get(c.version)! }));
        rollout.candidates = await this.validCandidates(manager, prompt, rollout.baselineVersion, reweighted);
      }
      rollout.stepStartedAt = new Date();
      rollout.updatedAt = rollout.stepStartedAt;
      await manager.save(rollout);
      await this.record(manager, actor, rollout, name, environmentName, 'rollout.update', {
        before: { candidates: before },
        after: {
          candidates: rollout.candidates.map((c) => ({ version: c.version, weight: c.weightBp / 100 })),
          step: rollout.currentStep,
        },
      });
      return rollout;
    });
    await this.changed(updated, name, environmentName, 'update');
    return toResponse(updated, name, environmentName);
  }

  pauseRollout(
    name: string,
    environmentName: string,
    body: RolloutActionDto,
    actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.transition(name, environmentName, actor, 'pause', ['running'], (rollout) => {
      rollout.status = 'paused';
      rollout.reason = body.reason ?? null;
    });
  }

  /** Splits traffic again; the guardrails start a fresh window. */
  resumeRollout(
    name: string,
    environmentName: string,
    body: RolloutActionDto,
    actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.transition(name, environmentName, actor, 'resume', ['paused'], (rollout) => {
      rollout.status = 'running';
      rollout.reason = body.reason ?? null;
      rollout.stepStartedAt = new Date();
    });
  }

  /** The baseline stays deployed; the rollout ends. */
  abortRollout(
    name: string,
    environmentName: string,
    body: RolloutActionDto,
    actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.transition(name, environmentName, actor, 'abort', ['running', 'paused'], (rollout) => {
      end(rollout, 'aborted', body.reason ?? null, actor);
    });
  }

  /** The candidate becomes the deployment: a deploy (history, audit, caches, events) that also ends the rollout. */
  async promoteRollout(
    name: string,
    environmentName: string,
    body: PromoteRolloutDto,
    actor: Actor,
  ): Promise<RolloutResponseDto> {
    const active = await this.getActiveRollout(name, environmentName);
    if (!active.rollout) throw new RolloutNotFoundError(name, environmentName);
    const candidates = active.rollout.candidates;
    const version = body.version ?? (candidates.length === 1 ? candidates[0].version : undefined);
    if (version === undefined || !candidates.some((c) => c.version === version)) {
      throw new RolloutInvalidError(
        `Name the candidate to promote: one of v${candidates.map((c) => c.version).join(', v')}`,
        'version',
      );
    }
    let promoted: Rollout | undefined;
    await this.deployments.deployVersion(
      name,
      environmentName,
      { version, note: body.reason ?? `Promoted from rollout ${active.rollout.id}` },
      actor,
      async (manager, prompt, environment) => {
        const rollout = await this.activeIn(manager, prompt, environment, name, environmentName);
        if (rollout.id !== active.rollout!.id)
          throw new RolloutNotFoundError(name, environmentName, active.rollout!.id);
        end(rollout, 'promoted', body.reason ?? null, actor);
        await manager.save(rollout);
        await this.record(manager, actor, rollout, name, environmentName, 'rollout.promote', {
          before: { version: rollout.baselineVersion },
          after: { version },
        });
        promoted = rollout;
      },
    );
    await this.changed(promoted!, name, environmentName, 'promote');
    return toResponse(promoted!, name, environmentName);
  }

  /** Stats of the active rollout, or of a past one by id. */
  async getRolloutStats(name: string, environmentName: string, id?: number): Promise<RolloutStatsResponseDto> {
    const { prompt, environment } = await this.target(name, environmentName);
    const rollout = await this.rollouts.findOneBy(
      id
        ? { id, promptId: prompt.id, environmentId: environment.id }
        : { promptId: prompt.id, environmentId: environment.id, activeSlot: ACTIVE_SLOT },
    );
    if (!rollout) throw new RolloutNotFoundError(name, environmentName, id);
    const rows = await this.samples(rollout.id);
    const window = rows.filter((r) => r.createdAt >= rollout.stepStartedAt);
    const arms = armsOf(rollout);
    const verdict = evaluateGuardrails(arms, window, rollout.guardrails);
    return {
      rolloutId: rollout.id,
      status: rollout.status,
      arms: armStats(arms, rows),
      comparisons: compareArms(arms, rows, rollout.guardrails.alpha),
      guardrail: {
        state: verdict.state,
        since: rollout.stepStartedAt,
        minSamples: rollout.guardrails.minSamples,
        alpha: rollout.guardrails.alpha,
        smallestArm: verdict.smallestArm,
        comparisons: verdict.comparisons,
        summary: verdict.summary,
      },
      series: seriesOf(rows),
    };
  }

  /** The running rollout of a deployment, for the serving path; null when none runs. */
  async findServingRollout(promptId: number, environmentName: string): Promise<ServingRollout | null> {
    const row = await this.rollouts
      .createQueryBuilder('r')
      .innerJoin('r.environment', 'env')
      .where('r.promptId = :promptId', { promptId })
      .andWhere('env.name = :environmentName', { environmentName })
      .andWhere('r.activeSlot = :slot', { slot: ACTIVE_SLOT })
      .andWhere('r.status = :status', { status: 'running' })
      .getOne();
    if (!row) return null;
    return { id: row.id, baselineVersion: row.baselineVersion, stickyKey: row.stickyKey, candidates: row.candidates };
  }

  /**
   * The guardrail job (once per period across replicas): every running rollout with enough runs
   * per arm is tested; a significant regression pauses or rolls it back. A healthy one with
   * auto-advance moves to its next step once the step has lasted long enough.
   */
  async checkGuardrails(): Promise<void> {
    const running = await this.rollouts.find({
      where: { status: 'running' },
      relations: { prompt: true, environment: true },
    });
    for (const rollout of running) {
      try {
        await this.checkRollout(rollout);
      } catch (error) {
        this.logger.error(`Guardrail check of rollout ${rollout.id} failed`, (error as Error).stack);
      }
    }
  }

  /**
   * A deploy or rollback by hand while a rollout is active changes its baseline under it: the
   * rollout ends (aborted), saying why. A promotion has already ended its rollout.
   */
  @OnEvent(DeploymentChangedEvent.NAME)
  async onDeploymentChanged(event: DeploymentChangedEvent): Promise<void> {
    if (event.action !== 'deployment.deploy' && event.action !== 'deployment.rollback') return;
    const ended = await this.transactions.run(async (manager) => {
      const prompt = await manager.findOneBy(Prompt, { name: event.prompt });
      const environment = await manager.findOneBy(Environment, { name: event.environment });
      if (!prompt || !environment) return null;
      const rollout = await manager.findOneBy(Rollout, {
        promptId: prompt.id,
        environmentId: environment.id,
        activeSlot: ACTIVE_SLOT,
      });
      const deployment = await manager.findOneBy(Deployment, { promptId: prompt.id, environmentId: environment.id });
      if (!rollout || !deployment || deployment.version === rollout.baselineVersion) return null;
      end(rollout, 'aborted', `The deployment changed to v${deployment.version} while the rollout ran`, SYSTEM);
      await manager.save(rollout);
      await this.record(manager, SYSTEM, rollout, event.prompt, event.environment, 'rollout.abort', {
        reason: rollout.reason,
      });
      return rollout;
    });
    if (ended) await this.changed(ended, event.prompt, event.environment, 'abort');
  }

  private async checkRollout(rollout: Rollout): Promise<void> {
    const name = rollout.prompt!.name;
    const environmentName = rollout.environment!.name;
    const rows = (await this.samples(rollout.id)).filter((r) => r.createdAt >= rollout.stepStartedAt);
    const verdict = evaluateGuardrails(armsOf(rollout), rows, rollout.guardrails);
    if (verdict.trip) {
      const trip = verdict.trip;
      const rollback = rollout.guardrails.action === 'rollback';
      const acted = await this.transactions.run(async (manager) => {
        const current = await manager.findOneBy(Rollout, { id: rollout.id });
        // Changed since it was read (paused by hand, a new step): the next check sees the new state.
        if (
          !current ||
          current.status !== 'running' ||
          current.stepStartedAt.getTime() !== rollout.stepStartedAt.getTime()
        ) {
          return null;
        }
        const reason = `Guardrail: ${trip.detail}`.slice(0, 1000);
        if (rollback) end(current, 'rolled_back', reason, SYSTEM);
        else {
          current.status = 'paused';
          current.reason = reason;
          current.updatedAt = new Date();
        }
        await manager.save(current);
        await this.record(
          manager,
          SYSTEM,
          current,
          name,
          environmentName,
          rollback ? 'rollout.rollback' : 'rollout.pause',
          {
            guardrail: {
              metric: trip.metric,
              variant: trip.variant,
              version: trip.version,
              detail: trip.detail,
              comparisons: verdict.comparisons.map((c) => ({
                variant: c.variant,
                errorRate: { ...c.errorRate },
                p95Latency: { ...c.p95Latency },
              })),
            },
          },
        );
        return current;
      });
      if (!acted) return;
      this.logger.warn(
        `Rollout ${rollout.id} of "${name}" in ${environmentName}: ${trip.detail}; ${rollback ? 'rolled back' : 'paused'}`,
      );
      await this.changed(acted, name, environmentName, rollback ? 'rollback' : 'pause');
      await this.events.emitAsync(
        RolloutGuardrailTrippedEvent.NAME,
        new RolloutGuardrailTrippedEvent(
          rollout.id,
          name,
          environmentName,
          rollout.baselineVersion,
          trip.version,
          rollback ? 'rolled_back' : 'paused',
          trip.metric,
          trip.detail,
        ),
      );
      return;
    }
    if (!this.dueForNextStep(rollout, verdict.state)) return;
    const advanced = await this.transactions.run(async (manager) => {
      const current = await manager.findOneBy(Rollout, { id: rollout.id });
      if (!current || current.status !== 'running' || current.currentStep !== rollout.currentStep) return null;
      current.currentStep = (current.currentStep ?? 0) + 1;
      current.candidates = [{ ...current.candidates[0], weightBp: toBp(current.steps![current.currentStep]) }];
      current.stepStartedAt = new Date();
      current.updatedAt = current.stepStartedAt;
      await manager.save(current);
      await this.record(manager, SYSTEM, current, name, environmentName, 'rollout.update', {
        after: { step: current.currentStep, weight: current.steps![current.currentStep] },
        reason: `Auto-advance after ${current.autoAdvanceMinutes} healthy minutes`,
      });
      return current;
    });
    if (advanced) await this.changed(advanced, name, environmentName, 'update');
  }

  private dueForNextStep(rollout: Rollout, state: string): boolean {
    if (!rollout.autoAdvanceMinutes || !rollout.steps || rollout.currentStep === null) return false;
    if (rollout.currentStep >= rollout.steps.length - 1) return false;
    if (state !== 'healthy' && state !== 'off') return false;
    return Date.now() - rollout.stepStartedAt.getTime() >= rollout.autoAdvanceMinutes * 60_000;
  }

  /** The newest runs of a rollout that ended (aborted ones are left out: their caller left). */
  private async samples(rolloutId: number): Promise<RolloutRunSample[]> {
    const rows = await this.runs.find({
      select: { id: true, rolloutVariant: true, status: true, latencyMs: true, costUsd: true, createdAt: true },
      where: { rolloutId, status: In(['success', 'error']) },
      order: { id: 'DESC' },
      take: MAX_SAMPLES,
    });
    return rows.map((r) => ({
      variant: r.rolloutVariant ?? 'baseline',
      failed: r.status === 'error',
      latencyMs: r.latencyMs,
      costUsd: r.costUsd,
      createdAt: r.createdAt,
    }));
  }

  private async transition(
    name: string,
    environmentName: string,
    actor: Actor,
    action: 'pause' | 'resume' | 'abort',
    from: RolloutStatus[],
    change: (rollout: Rollout) => void,
  ): Promise<RolloutResponseDto> {
    const changed = await this.transactions.run(async (manager) => {
      const { rollout } = await this.lockActive(manager, name, environmentName);
      if (!from.includes(rollout.status)) throw new RolloutStateConflictError(rollout.id, rollout.status, action);
      const before = rollout.status;
      change(rollout);
      rollout.updatedAt = new Date();
      await manager.save(rollout);
      await this.record(manager, actor, rollout, name, environmentName, `rollout.${action}`, {
        before: { status: before },
        after: { status: rollout.status },
        reason: rollout.reason,
      });
      return rollout;
    });
    await this.changed(changed, name, environmentName, action);
    return toResponse(changed, name, environmentName);
  }

  private async lockActive(
    manager: EntityManager,
    name: string,
    environmentName: string,
  ): Promise<{ rollout: Rollout; prompt: Prompt }> {
    const prompt = await this.locator.lock(manager, name);
    const environment = await this.findEnvironment(environmentName, manager);
    return { rollout: await this.activeIn(manager, prompt, environment, name, environmentName), prompt };
  }

  private async activeIn(
    manager: EntityManager,
    prompt: Prompt,
    environment: Environment,
    name: string,
    environmentName: string,
  ): Promise<Rollout> {
    const rollout = await manager.findOneBy(Rollout, {
      promptId: prompt.id,
      environmentId: environment.id,
      activeSlot: ACTIVE_SLOT,
    });
    if (!rollout) throw new RolloutNotFoundError(name, environmentName);
    return rollout;
  }

  /** Candidates as stored: published versions other than the baseline, each once, weights that fit. */
  private async validCandidates(
    manager: EntityManager,
    prompt: Prompt,
    baselineVersion: number,
    given: RolloutCandidateDto[],
  ): Promise<RolloutCandidate[]> {
    const seen = new Set<number>();
    let total = 0;
    for (const [index, candidate] of given.entries()) {
      const field = `candidates.${index}`;
      if (!(candidate.weight > 0 && candidate.weight <= 100)) {
        throw new RolloutInvalidError(
          `A candidate's weight is a percentage above 0 and at most 100, not ${candidate.weight}`,
          `${field}.weight`,
        );
      }
      if (candidate.version === baselineVersion) {
        throw new RolloutInvalidError(
          `Version ${candidate.version} is the baseline (what is deployed); pick another`,
          `${field}.version`,
        );
      }
      if (seen.has(candidate.version)) {
        throw new RolloutInvalidError(`Version ${candidate.version} is named twice`, `${field}.version`);
      }
      seen.add(candidate.version);
      total += toBp(candidate.weight);
    }
    if (total > ROLLOUT_BUCKETS) {
      throw new RolloutInvalidError(
        `The candidates' weights add up to ${total / 100} %, more than 100 %`,
        'candidates',
      );
    }
    const versions = await manager.findBy(PromptVersion, { promptId: prompt.id, version: In([...seen]) });
    for (const [index, candidate] of given.entries()) {
      const row = versions.find((v) => v.version === candidate.version);
      if (!row || row.status !== VersionStatus.PUBLISHED) {
        throw new RolloutInvalidError(
          row
            ? `Version ${candidate.version} is ${row.status}; only published versions can be rolled out`
            : `Prompt "${prompt.name}" has no version ${candidate.version}`,
          `candidates.${index}.version`,
        );
      }
    }
    return given.map((c) => ({ version: c.version, weightBp: toBp(c.weight) }));
  }

  private async target(name: string, environmentName: string): Promise<{ prompt: Prompt; environment: Environment }> {
    const prompt = await this.locator.find(name);
    return { prompt, environment: await this.findEnvironment(environmentName) };
  }

  private async findEnvironment(name: string, manager?: EntityManager): Promise<Environment> {
    const environment = await (manager ? manager.getRepository(Environment) : this.environments).findOneBy({ name });
    if (!environment) throw new EnvironmentNotFoundError(name);
    return environment;
  }

  private record(
    manager: EntityManager,
    actor: Actor,
    rollout: Rollout,
    name: string,
    environmentName: string,
    action: string,
    summary: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(manager, actor, {
      action,
      targetType: 'deployment',
      targetId: `${name}@${environmentName}`,
      summary: { rolloutId: rollout.id, ...summary } as never,
    });
  }

  /** After commit: every replica drops the prompt's cached resolutions. */
  private async changed(rollout: Rollout, name: string, environmentName: string, action: string): Promise<void> {
    await this.events.emitAsync(
      RolloutChangedEvent.NAME,
      new RolloutChangedEvent(name, environmentName, rollout.id, action),
    );
  }
}

function toBp(percent: number): number {
  return Math.round(percent * 100);
}

function end(rollout: Rollout, status: RolloutStatus, reason: string | null, actor: Actor): void {
  rollout.status = status;
  rollout.activeSlot = `ended:${rollout.id}`;
  rollout.reason = reason;
  rollout.endedBy = actor.user?.email ?? null;
  rollout.endedAt = new Date();
  rollout.updatedAt = rollout.endedAt;
}

function validateSteps(steps: number[], candidates: number): void {
  if (candidates !== 1) throw new RolloutInvalidError('Ramp steps need exactly one candidate', 'steps');
  steps.forEach((step, index) => {
    if (!(step > 0 && step <= 100)) {
      throw new RolloutInvalidError(`A step is a percentage above 0 and at most 100, not ${step}`, `steps.${index}`);
    }
    if (index > 0 && step <= steps[index - 1]) {
      throw new RolloutInvalidError('Steps must rise, e.g. [1, 5, 25, 50, 100]', `steps.${index}`);
    }
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function toResponse(row: Rollout, prompt: string, environment: string): RolloutResponseDto {
  return {
    id: row.id,
    prompt,
    environment,
    baselineVersion: row.baselineVersion,
    candidates: row.candidates.map((c, index) => ({
      version: c.version,
      weight: c.weightBp / 100,
      variant: candidateVariant(index),
    })),
    stickyKey: row.stickyKey,
    steps: row.steps,
    currentStep: row.currentStep,
    autoAdvanceMinutes: row.autoAdvanceMinutes,
    stepStartedAt: row.stepStartedAt,
    guardrails: row.guardrails,
    status: row.status,
    reason: row.reason,
    startedBy: row.startedBy,
    endedBy: row.endedBy,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    updatedAt: row.updatedAt,
  };
}
