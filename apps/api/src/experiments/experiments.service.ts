import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RESUMABLE_EXPERIMENT_STATUSES, ExperimentStatus } from '@promptops/shared';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { TransactionService } from '../database/transaction.service';
import { ScorersService } from '../scorers/scorers.service';
import { CreateExperimentDto, CreateExperimentQueryDto, ResumeExperimentDto } from './dto/create-experiment.dto';
import { ExperimentEstimateResponseDto } from './dto/experiment-estimate.dto';
import {
  ExperimentGridQueryDto,
  ExperimentGridResponseDto,
  ExperimentGridRowDto,
  ExperimentResultDto,
  ListExperimentsQueryDto,
} from './dto/experiment-grid.dto';
import { ExperimentListResponseDto, ExperimentProgressDto, ExperimentResponseDto } from './dto/experiment-response.dto';
import { ExperimentSummaryResponseDto } from './dto/experiment-summary.dto';
import { ExperimentPlanner } from './experiment-plan';
import { junitReport, markdownReport } from './experiment-report';
import { ExperimentResult } from './experiment-result.entity';
import { ExperimentRunner } from './experiment-runner';
import { compareOn, compareWithBaseline, summarizeVariants } from './experiment-statistics';
import { Experiment } from './experiment.entity';
import {
  ExperimentNotFoundError,
  ExperimentStateConflictError,
  ExperimentTooLargeError,
  ExperimentVariablesMissingError,
} from './experiments.errors';
import { evaluateGate } from './gate';

/** The most results one experiment may make (items × variants × repetitions). */
export const MAX_RESULTS = 200_000;
const ENDED: ExperimentStatus[] = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

/**
 * Experiments as the API sees them: planned and checked before they start, run by
 * ExperimentRunner as jobs, read back as progress, a summary with paired statistics, a grid of
 * outputs and reports for CI.
 */
@Injectable()
export class ExperimentsService {
  constructor(
    @InjectRepository(Experiment) private readonly experiments: Repository<Experiment>,
    @InjectRepository(ExperimentResult) private readonly results: Repository<ExperimentResult>,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly planner: ExperimentPlanner,
    private readonly runner: ExperimentRunner,
    private readonly scorers: ScorersService,
  ) {}

  async estimate(body: CreateExperimentDto, actor: Actor): Promise<ExperimentEstimateResponseDto> {
    const planned = await this.planner.plan(body, actor);
    const pinned = await this.scorers.pin(body.scorers);
    return this.planner.estimate(planned, body.repetitions, pinned.filter((s) => s.kind === 'llm_judge').length);
  }

  async create(
    body: CreateExperimentDto,
    query: CreateExperimentQueryDto,
    actor: Actor,
  ): Promise<ExperimentResponseDto> {
    const planned = await this.planner.plan(body, actor);
    const total = planned.items.length * planned.variants.length * body.repetitions;
    if (total > MAX_RESULTS) throw new ExperimentTooLargeError(total, MAX_RESULTS);
    if (planned.missing.length > 0) {
      throw new ExperimentVariablesMissingError(
        planned.missing,
        planned.variants.map((v) => v.label),
      );
    }
    const scorers = await this.scorers.pin(body.scorers);
    const estimate = await this.planner.estimate(
      planned,
      body.repetitions,
      scorers.filter((s) => s.kind === 'llm_judge').length,
    );
    const experiment = await this.transactions.run(async (manager) => {
      const saved = await manager.getRepository(Experiment).save({
        name: body.name,
        description: body.description ?? null,
        datasetId: planned.dataset.datasetId,
        datasetVersion: planned.dataset.version,
        status: total === 0 ? 'completed' : 'queued',
        variants: planned.variants,
        repetitions: body.repetitions,
        scorers,
        totalResults: total,
        generation: 1,
        budgetUsd: body.budgetUsd ?? null,
        estimatedCostUsd: estimate.costUsd,
        gate: body.gate ?? null,
        error: null,
        createdById: actor.user?.id ?? null,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: total === 0 ? new Date() : null,
      });
      await this.audit.record(manager, actor, {
        action: 'experiment.create',
        targetType: 'experiment',
        targetId: saved.id,
        summary: {
          after: {
            name: saved.name,
            dataset: `${planned.dataset.name}@${planned.dataset.version}`,
            variants: planned.variants.map((v) => `${v.prompt}@${v.version} ${v.provider}/${v.model}`),
            repetitions: saved.repetitions,
          },
        },
      });
      return saved;
    });
    if (total > 0) await this.runner.start(experiment);
    if (query.wait) await this.waitUntilEnded(experiment.id, (query.waitSeconds ?? 600) * 1000);
    return this.get(experiment.id);
  }

  async list(query: ListExperimentsQueryDto): Promise<ExperimentListResponseDto> {
    const qb = this.experiments
      .createQueryBuilder('e')
      .leftJoinAndSelect('e.dataset', 'dataset')
      .leftJoinAndSelect('e.createdBy', 'createdBy')
      .orderBy('e.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.dataset) qb.andWhere('dataset.name = :dataset', { dataset: query.dataset });
    if (query.prompt)
      qb.andWhere('e.variants LIKE :prompt', { prompt: `%"prompt":"${query.prompt.replace(/[%_"\\]/g, '')}"%` });
    const [rows, total] = await qb.getManyAndCount();
    const progress = await this.progressOf(rows.map((r) => r.id));
    return { items: rows.map((row) => this.toResponse(row, progress.get(row.id))), total };
  }

  async get(id: number): Promise<ExperimentResponseDto> {
    const experiment = await this.find(id);
    const progress = await this.progressOf([id]);
    return this.toResponse(experiment, progress.get(id));
  }

  async cancel(id: number, actor: Actor): Promise<ExperimentResponseDto> {
    const experiment = await this.find(id);
    const changed = await this.transactions.run(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Experiment)
        .set({ status: 'cancelled', finishedAt: new Date(), error: null })
        .where('id = :id AND status IN (:...active)', { id, active: ['queued', 'running'] })
        .execute();
      if (!result.affected) return false;
      await this.audit.record(manager, actor, { action: 'experiment.cancel', targetType: 'experiment', targetId: id });
      return true;
    });
    if (!changed) throw new ExperimentStateConflictError(id, (await this.find(id)).status, 'cancelled');
    await this.runner.stop(experiment);
    return this.get(id);
  }

  async resume(id: number, body: ResumeExperimentDto, actor: Actor): Promise<ExperimentResponseDto> {
    const current = await this.find(id);
    if (!RESUMABLE_EXPERIMENT_STATUSES.includes(current.status)) {
      throw new ExperimentStateConflictError(id, current.status, 'resumed');
    }
    const resumed = await this.transactions.run(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Experiment)
        .set({
          status: 'queued',
          generation: () => 'generation + 1',
          finishedAt: null,
          error: null,
          ...(body.budgetUsd !== undefined ? { budgetUsd: body.budgetUsd } : {}),
        })
        .where('id = :id AND status IN (:...resumable)', { id, resumable: RESUMABLE_EXPERIMENT_STATUSES })
        .execute();
      if (!result.affected) return null;
      await this.audit.record(manager, actor, {
        action: 'experiment.resume',
        targetType: 'experiment',
        targetId: id,
        summary: body.budgetUsd !== undefined ? { after: { budgetUsd: body.budgetUsd } } : {},
      });
      return manager.getRepository(Experiment).findOneByOrFail({ id });
    });
    if (!resumed) throw new ExperimentStateConflictError(id, (await this.find(id)).status, 'resumed');
    if (!(await this.runner.completeIfDone(id))) await this.runner.start(resumed);
    return this.get(id);
  }

  async remove(id: number, actor: Actor): Promise<void> {
    const experiment = await this.find(id);
    if (!ENDED.includes(experiment.status))
      throw new ExperimentStateConflictError(id, experiment.status, 'deleted while it runs (cancel it first)');
    await this.transactions.run(async (manager) => {
      await manager.getRepository(ExperimentResult).delete({ experimentId: id });
      await manager.getRepository(Experiment).delete({ id });
      await this.audit.record(manager, actor, {
        action: 'experiment.delete',
        targetType: 'experiment',
        targetId: id,
        summary: { before: { name: experiment.name } },
      });
    });
  }

  async summary(id: number): Promise<ExperimentSummaryResponseDto> {
    const experiment = await this.find(id);
    const results = await this.results.find({
      select: {
        itemId: true,
        variantIndex: true,
        repetition: true,
        status: true,
        scores: true,
        costUsd: true,
        scoringCostUsd: true,
        latencyMs: true,
        promptTokens: true,
        completionTokens: true,
      },
      where: { experimentId: id },
    });
    const variants = summarizeVariants(experiment, results);
    const comparisons = compareWithBaseline(experiment, results);
    let gate = null;
    if (experiment.gate && experiment.status === 'completed') {
      const spec = experiment.gate;
      const candidate = Math.min(spec.candidate ?? experiment.variants.length - 1, experiment.variants.length - 1);
      const scorer = variants[candidate].scorers.find((s) => s.scorer === spec.scorer);
      const comparison =
        spec.notWorseThan !== undefined && spec.notWorseThan !== candidate && experiment.variants[spec.notWorseThan]
          ? compareOn(experiment, results, spec.notWorseThan, candidate, spec.scorer)
          : undefined;
      gate = evaluateGate(spec, candidate, {
        mean: scorer?.mean ?? null,
        passRate: scorer?.passRate ?? null,
        comparison: comparison && {
          verdict: comparison.verdict,
          pValue: comparison.pValue,
          meanDifference: comparison.meanDifference,
          baselineLabel: experiment.variants[spec.notWorseThan as number].label,
        },
      });
    } else if (experiment.gate) {
      gate = {
        passed: false,
        scorer: experiment.gate.scorer,
        candidate: experiment.gate.candidate ?? experiment.variants.length - 1,
        checks: [{ condition: 'the experiment completed', passed: false, actual: experiment.status }],
      };
    }
    return { experimentId: id, variants, comparisons, gate };
  }

  async grid(id: number, query: ExperimentGridQueryDto): Promise<ExperimentGridResponseDto> {
    const experiment = await this.find(id);
    const scorer = query.scorer ?? experiment.scorers[0]?.name ?? null;
    const baseline = Math.min(query.baseline ?? 0, experiment.variants.length - 1);
    const candidate = Math.min(
      query.candidate ?? (experiment.variants.length > 1 ? 1 : 0),
      experiment.variants.length - 1,
    );
    // Everything the grid shows; not the rendered prompts, the bulk of a result.
    const results = await this.results.find({
      select: {
        id: true,
        itemId: true,
        variantIndex: true,
        repetition: true,
        status: true,
        runId: true,
        output: true,
        promptTokens: true,
        completionTokens: true,
        costUsd: true,
        latencyMs: true,
        errorCode: true,
        errorMessage: true,
        scores: true,
      },
      where: { experimentId: id },
      order: { itemId: 'ASC', variantIndex: 'ASC', repetition: 'ASC' },
    });
    const byItem = new Map<number, ExperimentResult[]>();
    for (const result of results) {
      const list = byItem.get(result.itemId) ?? [];
      list.push(result);
      byItem.set(result.itemId, list);
    }
    const items = await this.runner.itemsOfExperiment(experiment);
    let rows: ExperimentGridRowDto[] = items
      .filter((item) => byItem.has(item.id))
      .map((item) => {
        const own = byItem.get(item.id) ?? [];
        const cells = experiment.variants.map((_, v) => own.filter((r) => r.variantIndex === v).map(toResultDto));
        const means = cells.map((cell) => meanScore(cell, scorer));
        const delta =
          means[candidate] !== null && means[baseline] !== null
            ? (means[candidate] as number) - (means[baseline] as number)
            : null;
        return {
          itemId: item.id,
          itemKey: item.itemKey,
          input: item.input,
          expected: item.expected,
          cells,
          means,
          delta,
        };
      });
    if (query.filter === 'regressions')
      rows = rows
        .filter((r) => r.delta !== null && r.delta < 0)
        .sort((a, b) => (a.delta as number) - (b.delta as number));
    if (query.filter === 'improvements')
      rows = rows
        .filter((r) => r.delta !== null && r.delta > 0)
        .sort((a, b) => (b.delta as number) - (a.delta as number));
    if (query.filter === 'errors')
      rows = rows.filter((r) =>
        r.cells.some((cell) =>
          cell.some((c) => c.status === 'error' || Object.values(c.scores).some((s) => s.error !== null)),
        ),
      );
    const start = (query.page - 1) * query.pageSize;
    return { items: rows.slice(start, start + query.pageSize), total: rows.length, scorer };
  }

  async report(id: number, format: 'junit' | 'markdown'): Promise<{ contentType: string; body: string }> {
    const experiment = await this.find(id);
    const summary = await this.summary(id);
    return format === 'junit'
      ? { contentType: 'application/xml; charset=utf-8', body: junitReport(experiment, summary) }
      : { contentType: 'text/markdown; charset=utf-8', body: markdownReport(experiment, summary) };
  }

  /** Progress of several experiments in one query: results, failures, scorer errors, cost. */
  async progressOf(ids: number[]): Promise<Map<number, Omit<ExperimentProgressDto, 'total'>>> {
    const progress = new Map<number, Omit<ExperimentProgressDto, 'total'>>();
    if (ids.length === 0) return progress;
    const rows = await this.results
      .createQueryBuilder('r')
      .select('r.experimentId', 'id')
      .addSelect('COUNT(*)', 'done')
      .addSelect("SUM(CASE WHEN r.status = 'error' THEN 1 ELSE 0 END)", 'failed')
      .addSelect('SUM(r.scorerErrors)', 'scorerErrors')
      .addSelect('SUM(COALESCE(r.costUsd, 0) + COALESCE(r.scoringCostUsd, 0))', 'costUsd')
      .where('r.experimentId IN (:...ids)', { ids })
      .groupBy('r.experimentId')
      .getRawMany<{ id: number; done: string; failed: string; scorerErrors: string; costUsd: string }>();
    for (const row of rows) {
      progress.set(Number(row.id), {
        done: Number(row.done),
        failed: Number(row.failed ?? 0),
        scorerErrors: Number(row.scorerErrors ?? 0),
        costUsd: Number(Number(row.costUsd ?? 0).toFixed(10)),
      });
    }
    return progress;
  }

  /** Polls until the experiment has ended or `timeoutMs` has passed (the answer says which). */
  private async waitUntilEnded(id: number, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    let delay = 100;
    while (Date.now() < until) {
      const row = await this.experiments.findOne({ select: { id: true, status: true }, where: { id } });
      if (!row || ENDED.includes(row.status)) return;
      await sleep(Math.min(delay, until - Date.now()));
      delay = Math.min(delay * 2, 1000);
    }
  }

  private async find(id: number): Promise<Experiment> {
    const experiment = await this.experiments.findOne({ where: { id }, relations: { dataset: true, createdBy: true } });
    if (!experiment) throw new ExperimentNotFoundError(id);
    return experiment;
  }

  private toResponse(experiment: Experiment, progress?: Omit<ExperimentProgressDto, 'total'>): ExperimentResponseDto {
    return {
      id: experiment.id,
      name: experiment.name,
      description: experiment.description,
      dataset: experiment.dataset?.name ?? String(experiment.datasetId),
      datasetVersion: experiment.datasetVersion,
      status: experiment.status,
      variants: experiment.variants.map((variant, index) => ({ index, ...variant })),
      repetitions: experiment.repetitions,
      scorers: experiment.scorers.map((s) => ({
        name: s.name,
        kind: s.kind,
        config: s.config,
        threshold: s.threshold,
        version: s.version,
      })),
      progress: {
        total: experiment.totalResults,
        ...(progress ?? { done: 0, failed: 0, scorerErrors: 0, costUsd: 0 }),
      },
      budgetUsd: experiment.budgetUsd,
      estimatedCostUsd: experiment.estimatedCostUsd,
      error: experiment.error,
      createdBy: experiment.createdBy?.email ?? null,
      createdAt: experiment.createdAt,
      startedAt: experiment.startedAt,
      finishedAt: experiment.finishedAt,
    };
  }
}

function toResultDto(result: ExperimentResult): ExperimentResultDto {
  return {
    id: result.id,
    variant: result.variantIndex,
    repetition: result.repetition,
    status: result.status,
    runId: result.runId,
    output: result.output,
    promptTokens: result.promptTokens,
    completionTokens: result.completionTokens,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage,
    scores: result.scores,
  };
}

/** A cell's mean score on the scorer over its repetitions (a failed call scores 0; a scorer error is left out). */
function meanScore(cell: ExperimentResultDto[], scorer: string | null): number | null {
  if (!scorer) return null;
  const values: number[] = [];
  for (const result of cell) {
    if (result.status === 'error') values.push(0);
    else {
      const score = result.scores[scorer];
      if (score && score.error === null && score.score !== null) values.push(score.score);
    }
  }
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
