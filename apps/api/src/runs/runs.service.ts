import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify';
import { Brackets, Repository, SelectQueryBuilder } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { escapeLike } from '../database/like';
import { TransactionService } from '../database/transaction.service';
import { ListRunsQueryDto, RunFilterQueryDto } from './dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto, RunSummaryDto, RunTotalsDto } from './dto/run-response.dto';
import { Run, RunMessage, RunParameters, RunSource, RunStatus } from './run.entity';
import { RunNotFoundError } from './runs.errors';

/** What was asked of a model, known before the call. */
export interface RunInput {
  source: RunSource;
  promptName: string | null;
  promptVersion: number | null;
  environment?: string | null;
  variables: Record<string, unknown>;
  input: RunMessage[];
  provider: string;
  model: string;
  parameters: RunParameters;
  userId?: number | null;
  apiKeyId?: number | null;
  rerunOfId?: number | null;
}

/** How the call ended. */
export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  output: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  usageEstimated?: boolean;
  costUsd?: number | null;
  latencyMs?: number | null;
  ttftMs?: number | null;
}

type AnyOutcome = Omit<RunOutcome, 'status'> & { status: RunStatus };

const PREVIEW_LENGTH = 200;

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
] as const;

/**
 * The run log: every model call, from the Playground, the run API, webhooks, flows and
 * evaluations. A streamed call is started (so its id can be announced) and finished later;
 * a call answered at once can be recorded in one go.
 */
@Injectable()
export class RunsService {
  constructor(
    @InjectRepository(Run) private readonly runs: Repository<Run>,
    private readonly transactions: TransactionService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** Logs a finished call; returns the run id. */
  async record(input: RunInput, outcome: RunOutcome): Promise<number> {
    return this.insert(input, outcome);
  }

  /** Logs a call that is under way (status `running`); finish it with `finish`. */
  async start(input: RunInput): Promise<number> {
    return this.insert(input, { status: 'running', output: null });
  }

  async finish(id: number, outcome: RunOutcome): Promise<void> {
    await this.transactions.run((manager) => manager.update(Run, { id }, outcomeColumns(outcome)));
  }

  async getRun(id: number): Promise<RunResponseDto> {
    const run = await this.runs.findOne({ where: { id }, relations: { user: true } });
    if (!run) throw new RunNotFoundError(id);
    const keyNames = await this.apiKeys.namesOf(run.apiKeyId ? [run.apiKeyId] : []);
    return {
      ...toSummary(run, keyNames),
      variables: run.variables,
      input: run.input,
      output: run.output,
    };
  }

  /** A page of runs, newest first, with totals over every run the filter matches. */
  async listRuns(query: ListRunsQueryDto, source?: RunSource): Promise<RunListResponseDto> {
    const filter = { ...query, source: source ?? query.source };
    const qb = this.filtered(filter).leftJoinAndSelect('r.user', 'user');
    qb.orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [[rows, total], totals] = await Promise.all([qb.getManyAndCount(), this.totals(filter)]);
    const keyNames = await this.apiKeys.namesOf(apiKeyIds(rows));
    return {
      items: rows.map((run) => toSummary(run, keyNames)),
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
        };
      }
      if (rows.length < EXPORT_BATCH) return;
      before = rows[rows.length - 1].id;
    }
  }

  private async totals(filter: RunFilterQueryDto): Promise<RunTotalsDto> {
    const raw = await this.filtered(filter)
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
  private filtered(filter: RunFilterQueryDto): SelectQueryBuilder<Run> {
    const qb = this.runs.createQueryBuilder('r');
    if (filter.source) qb.andWhere('r.source = :source', { source: filter.source });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.prompt) qb.andWhere('r.promptName = :prompt', { prompt: filter.prompt });
    if (filter.from) qb.andWhere('r.createdAt >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('r.createdAt <= :to', { to: filter.to });
    if (filter.model) qb.andWhere('r.model = :model', { model: filter.model });
    if (filter.environment) qb.andWhere('r.environment = :environment', { environment: filter.environment });
    if (filter.apiKeyId) qb.andWhere('r.apiKeyId = :apiKeyId', { apiKeyId: filter.apiKeyId });
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

  private async insert(input: RunInput, outcome: AnyOutcome): Promise<number> {
    // A plain INSERT: `save` would build a change set and read the row back, for nothing here.
    const result = await this.transactions.run((manager) =>
      manager.insert(
        Run,
        // TypeORM's insert type cannot map the JSON columns' `unknown` values; the entity is complete.
        manager.create(Run, {
          source: input.source,
          promptName: input.promptName,
          promptVersion: input.promptVersion,
          environment: input.environment ?? null,
          variables: input.variables,
          input: input.input,
          provider: input.provider,
          model: input.model,
          parameters: input.parameters,
          userId: input.userId ?? null,
          apiKeyId: input.apiKeyId ?? null,
          rerunOfId: input.rerunOfId ?? null,
          createdAt: new Date(),
          ...outcomeColumns(outcome),
        }) as QueryDeepPartialEntity<Run>,
      ),
    );
    return Number(result.identifiers[0].id);
  }
}

function outcomeColumns(outcome: AnyOutcome) {
  return {
    status: outcome.status,
    output: outcome.output,
    errorCode: outcome.errorCode ?? null,
    errorMessage: outcome.errorMessage ?? null,
    promptTokens: outcome.promptTokens ?? null,
    completionTokens: outcome.completionTokens ?? null,
    usageEstimated: outcome.usageEstimated ?? false,
    costUsd: outcome.costUsd ?? null,
    latencyMs: outcome.latencyMs ?? null,
    ttftMs: outcome.ttftMs ?? null,
  };
}

function toSummary(run: Run, keyNames: Map<number, string>): RunSummaryDto {
  return {
    id: run.id,
    source: run.source,
    prompt: run.promptName,
    version: run.promptVersion,
    environment: run.environment,
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
