import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { escapeLike } from '../database/like';
import { ListRunsQueryDto, RunFilterQueryDto } from './dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto, RunSummaryDto, RunTotalsDto } from './dto/run-response.dto';
import { InFlightRun, InFlightRuns } from './in-flight-runs';
import { runRow } from './run-log';
import type { RunKind, RunSource } from '@promptops/shared';
import { Run } from './run.entity';
import { RunNotFoundError } from './runs.errors';

const PREVIEW_LENGTH = 200;

/** Calls of one prompt by one API key (or none) through one source. */
export interface PromptCallerCount {
  apiKeyId: number | null;
  source: RunSource;
  calls: number;
  lastCallAt: Date;
}

/** A list's filter, narrowed by the caller: the Playground's history lists its own model calls. */
type RunScope = RunFilterQueryDto & { kind?: RunKind };

/** Rows read per query while a CSV export streams: memory stays flat however many runs match. */
const EXPORT_BATCH = 500;

/** The CSV export's columns, in order: what a spreadsheet needs to account for calls. */
const EXPORT_COLUMNS = [
  'id',
  'createdAt',
  'source',
  'prompt',
  'version',
  'environment',
  'apiKey',
  'provider',
  'model',
  'status',
  'errorCode',
  'promptTokens',
  'completionTokens',
  'costUsd',
  'latencyMs',
  'user',
  'kind',
  'parentRunId',
  'stepId',
] as const;

/**
 * Reads the run log: every model call, from the Playground, the run API, webhooks, flows and
 * evaluations, and the flow runs whose steps those calls were (a tree one level deep). RunLog writes it as runs end; runs still under way come from InFlightRuns.
 */
@Injectable()
export class RunsService {
  constructor(
    @InjectRepository(Run) private readonly runs: Repository<Run>,
    private readonly apiKeys: ApiKeysService,
    private readonly inFlight: InFlightRuns,
  ) {}

  /** One run; a flow run comes with its step runs (ended and under way), in the order they started. */
  async getRun(id: number): Promise<RunResponseDto> {
    const run = (await this.runs.findOne({ where: { id }, relations: { user: true } })) ?? this.inFlightRun(id);
    if (!run) throw new RunNotFoundError(id);
    const steps = run.kind === 'flow' ? await this.stepsOf(id) : [];
    const keyNames = await this.apiKeys.namesOf(apiKeyIds([run, ...steps]));
    const stepCounts = await this.stepCounts(steps);
    return {
      ...toSummary(run, keyNames, new Map([[id, steps.length]])),
      variables: run.variables,
      input: run.input,
      output: run.output,
      steps: steps.map((step) => toSummary(step, keyNames, stepCounts)),
      redactions: run.redactions ?? null,
    };
  }

  /**
   * A page of runs with totals over every run the filter matches: newest first, or in the
   * order they started for the step runs of one flow run (`parentRunId`).
   */
  async listRuns(
    query: ListRunsQueryDto,
    scope: { source?: RunSource; kind?: RunKind } = {},
  ): Promise<RunListResponseDto> {
    const filter: RunScope = { ...query, source: scope.source ?? query.source, kind: scope.kind };
    const qb = this.filtered(filter).leftJoinAndSelect('r.user', 'user');
    const order = filter.parentRunId ? 'ASC' : 'DESC';
    qb.orderBy('r.createdAt', order)
      .addOrderBy('r.id', order)
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [[rows, total], totals] = await Promise.all([qb.getManyAndCount(), this.totals(filter)]);
    const inFlight = this.inFlightMatching(filter);
    const [keyNames, stepCounts] = await Promise.all([
      this.apiKeys.namesOf(apiKeyIds([...rows, ...inFlight])),
      this.stepCounts([...rows, ...inFlight]),
    ]);
    return {
      items: rows.map((run) => toSummary(run, keyNames, stepCounts)),
      inFlight: inFlight.map((run) => toSummary(run, keyNames, stepCounts)),
      total,
      totals,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Every run the filter matches as CSV, newest first, read in batches while the answer
   * streams. csv-stringify quotes what needs quoting (commas, quotes, line breaks in model
   * names) and defuses cells a spreadsheet would run as formulas.
   */
  exportRuns(filter: RunFilterQueryDto): Readable {
    const csv = stringify({
      header: true,
      columns: [...EXPORT_COLUMNS],
      escape_formulas: true,
      cast: { date: (value) => value.toISOString() },
    });
    const rows = Readable.from(this.exportRows(filter));
    // A database failure mid-way ends the download early; the error reaches whoever reads `csv`.
    rows.on('error', (error) => csv.destroy(error));
    return rows.pipe(csv);
  }

  private async *exportRows(filter: RunFilterQueryDto): AsyncGenerator<Record<string, unknown>> {
    let before: number | undefined;
    for (;;) {
      const qb = this.filtered(filter).leftJoinAndSelect('r.user', 'user').orderBy('r.id', 'DESC').take(EXPORT_BATCH);
      if (before !== undefined) qb.andWhere('r.id < :before', { before });
      const rows = await qb.getMany();
      const keyNames = await this.apiKeys.namesOf(apiKeyIds(rows));
      for (const run of rows) {
        yield {
          id: run.id,
          createdAt: run.createdAt,
          source: run.source,
          prompt: run.promptName,
          version: run.promptVersion,
          environment: run.environment,
          apiKey: run.apiKeyId ? (keyNames.get(run.apiKeyId) ?? null) : null,
          provider: run.provider,
          model: run.model,
          status: run.status,
          errorCode: run.errorCode,
          promptTokens: run.promptTokens,
          completionTokens: run.completionTokens,
          costUsd: run.costUsd,
          latencyMs: run.latencyMs,
          user: run.user?.email ?? null,
          kind: run.kind,
          parentRunId: run.parentRunId,
          stepId: run.stepId,
        };
      }
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1].id;
    }
  }

  /**
   * The step runs of a flow run: those logged and those still under way on this server, in
   * the order they started.
   */
  private async stepsOf(flowRunId: number): Promise<Run[]> {
    const logged = await this.runs.find({
      where: { parentRunId: flowRunId },
      relations: { user: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const loggedIds = new Set(logged.map((run) => run.id));
    const running = this.inFlight
      .list()
      .filter((run) => run.input.parentRunId === flowRunId && !loggedIds.has(run.id))
      .map(asRun);
    return [...logged, ...running].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  }

  /**
   * How many step runs each flow run among `runs` has (logged ones, plus those under way on
   * this server): one grouped query for a whole page, whatever its size.
   */
  private async stepCounts(runs: Run[]): Promise<Map<number, number>> {
    const flowIds = runs.filter((run) => run.kind === 'flow').map((run) => run.id);
    const counts = new Map<number, number>(flowIds.map((id) => [id, 0]));
    if (flowIds.length === 0) return counts;
    const raw = await this.runs
      .createQueryBuilder('r')
      .select('r.parentRunId', 'parentRunId')
      .addSelect('COUNT(*)', 'steps')
      .where('r.parentRunId IN (:...flowIds)', { flowIds })
      .groupBy('r.parentRunId')
      .getRawMany<{ parentRunId: number | string; steps: number | string }>();
    for (const row of raw) counts.set(Number(row.parentRunId), Number(row.steps));
    for (const run of this.inFlight.list()) {
      const parent = run.input.parentRunId;
      if (parent && counts.has(parent)) counts.set(parent, (counts.get(parent) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Sums of model calls only: a flow run's row carries the sums of its steps, so counting it
   * too would count every step twice. The step runs of the flows are counted even when
   * `topLevel` leaves them out of the list, since they are the calls that were made.
   */
  private async totals(filter: RunScope): Promise<RunTotalsDto> {
    const raw = await this.filtered({ ...filter, topLevel: false })
      .andWhere('r.kind = :callKind', { callKind: 'model' })
      .select('COUNT(*)', 'calls')
      .addSelect('COALESCE(SUM(r.promptTokens), 0)', 'promptTokens')
      .addSelect('COALESCE(SUM(r.completionTokens), 0)', 'completionTokens')
      .addSelect('COALESCE(SUM(r.costUsd), 0)', 'costUsd')
      .addSelect('SUM(CASE WHEN r.costUsd IS NULL THEN 1 ELSE 0 END)', 'unpriced')
      .getRawOne<Record<string, string | number | null>>();
    return {
      calls: Number(raw?.calls ?? 0),
      promptTokens: Number(raw?.promptTokens ?? 0),
      completionTokens: Number(raw?.completionTokens ?? 0),
      // Summed as DECIMAL by the database; rounded like every stored cost.
      costUsd: Number(Number(raw?.costUsd ?? 0).toFixed(10)),
      unpricedCalls: Number(raw?.unpriced ?? 0),
    };
  }

  /** The runs a filter matches; the list, its totals and the export share it. */
  private filtered(filter: RunScope): SelectQueryBuilder<Run> {
    const qb = this.runs.createQueryBuilder('r');
    if (filter.source) qb.andWhere('r.source = :source', { source: filter.source });
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.prompt) qb.andWhere('r.promptName = :prompt', { prompt: filter.prompt });
    if (filter.from) qb.andWhere('r.createdAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('r.createdAt <= :to', { to: filter.to });
    if (filter.model) qb.andWhere('r.model = :model', { model: filter.model });
    if (filter.environment) qb.andWhere('r.environment = :environment', { environment: filter.environment });
    if (filter.apiKeyId) qb.andWhere('r.apiKeyId = :apiKeyId', { apiKeyId: filter.apiKeyId });
    if (filter.parentRunId) qb.andWhere('r.parentRunId = :parentRunId', { parentRunId: filter.parentRunId });
    // A prompt's runs include those it made as a flow's step: asking for a prompt finds them all.
    if (filter.topLevel && !filter.prompt) qb.andWhere('r.parentRunId IS NULL');
    const search = filter.search?.trim();
    if (search) {
      const term = `%${escapeLike(search.toLowerCase())}%`;
      qb.andWhere(
        new Brackets((w) => {
          for (const column of ['promptName', 'provider', 'model', 'input', 'output', 'errorMessage']) {
            w.orWhere(`LOWER(r.${column}) LIKE :term ESCAPE '!'`, { term });
          }
        }),
      );
    }
    return qb;
  }

  /**
   * Runs under way on this server that the filter matches (all of them have status
   * `running`). Read from memory: they are written to the run log when they end.
   */
  private inFlightMatching(filter: RunScope): Run[] {
    if (filter.status && filter.status !== 'running') return [];
    const search = filter.search?.trim().toLowerCase();
    return this.inFlight
      .list()
      .filter(({ input, startedAt }) => {
        if (filter.source && input.source !== filter.source) return false;
        if (filter.kind && (input.kind ?? 'model') !== filter.kind) return false;
        if (filter.prompt && input.promptName !== filter.prompt) return false;
        if (filter.model && input.model !== filter.model) return false;
        if (filter.environment && input.environment !== filter.environment) return false;
        if (filter.apiKeyId && input.apiKeyId !== filter.apiKeyId) return false;
        if (filter.parentRunId && input.parentRunId !== filter.parentRunId) return false;
        if (filter.topLevel && !filter.prompt && input.parentRunId) return false;
        if (filter.from && startedAt < filter.from) return false;
        if (filter.to && startedAt > filter.to) return false;
        if (search) {
          const haystack = [input.promptName, input.provider, input.model, JSON.stringify(input.input)];
          if (!haystack.some((text) => text?.toLowerCase().includes(search))) return false;
        }
        return true;
      })
      .map(asRun);
  }

  /**
   * Who called a prompt since `since`: the calls and the last call per API key (null: webhooks
   * and console users) and source, counted in the database over the prompt-and-time index.
   */
  async callersOf(promptName: string, since: Date): Promise<PromptCallerCount[]> {
    const rows = await this.runs
      .createQueryBuilder('r')
      .select('r.apiKeyId', 'apiKeyId')
      .addSelect('r.source', 'source')
      .addSelect('COUNT(*)', 'calls')
      .addSelect('MAX(r.createdAt)', 'lastCallAt')
      .where('r.promptName = :promptName', { promptName })
      .andWhere('r.createdAt >= :since', { since })
      .groupBy('r.apiKeyId')
      .addGroupBy('r.source')
      .getRawMany<{
        apiKeyId: number | string | null;
        source: RunSource;
        calls: number | string;
        lastCallAt: Date | string;
      }>();
    return rows.map((row) => ({
      apiKeyId: row.apiKeyId === null ? null : Number(row.apiKeyId),
      source: row.source,
      calls: Number(row.calls),
      // MySQL answers a Date; SQLite the stored UTC text.
      lastCallAt: row.lastCallAt instanceof Date ? row.lastCallAt : new Date(`${row.lastCallAt.replace(' ', 'T')}Z`),
    }));
  }

  private inFlightRun(id: number): Run | null {
    const run = this.inFlight.get(id);
    return run ? asRun(run) : null;
  }
}

/** A run under way, shaped as its row will be. */
function asRun(run: InFlightRun): Run {
  const row = runRow(run.id, run.startedAt, run.input, { status: 'running', output: run.output || null });
  return Object.assign(new Run(), row, { user: null });
}

function toSummary(run: Run, keyNames: Map<number, string>, stepCounts?: Map<number, number>): RunSummaryDto {
  return {
    id: run.id,
    source: run.source,
    kind: run.kind,
    parentRunId: run.parentRunId,
    stepId: run.stepId,
    stepCount: run.kind === 'flow' ? (stepCounts?.get(run.id) ?? 0) : null,
    prompt: run.promptName,
    version: run.promptVersion,
    environment: run.environment,
    rolloutId: run.rolloutId ?? null,
    rolloutVariant: run.rolloutVariant ?? null,
    apiKeyId: run.apiKeyId,
    apiKeyName: run.apiKeyId ? (keyNames.get(run.apiKeyId) ?? null) : null,
    provider: run.provider,
    model: run.model,
    parameters: run.parameters,
    status: run.status,
    error: run.errorCode ? { code: run.errorCode, message: run.errorMessage ?? '' } : null,
    usage:
      run.promptTokens !== null && run.completionTokens !== null
        ? { promptTokens: run.promptTokens, completionTokens: run.completionTokens, estimated: run.usageEstimated }
        : null,
    costUsd: run.costUsd,
    latencyMs: run.latencyMs,
    ttftMs: run.ttftMs,
    outputPreview: run.output === null ? null : run.output.slice(0, PREVIEW_LENGTH),
    user: run.user?.email ?? null,
    rerunOf: run.rerunOfId,
    createdAt: run.createdAt,
  };
}

function apiKeyIds(runs: Run[]): number[] {
  return runs.flatMap((run) => (run.apiKeyId ? [run.apiKeyId] : []));
}
