import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TransactionService } from '../database/transaction.service';
import { ListRunsQueryDto } from './dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto, RunSummaryDto } from './dto/run-response.dto';
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
    return {
      ...toSummary(run),
      variables: run.variables,
      input: run.input,
      output: run.output,
    };
  }

  async listRuns(query: ListRunsQueryDto, source?: RunSource): Promise<RunListResponseDto> {
    const qb = this.runs.createQueryBuilder('r').leftJoinAndSelect('r.user', 'user');
    const only = source ?? query.source;
    if (only) qb.andWhere('r.source = :source', { source: only });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.prompt) qb.andWhere('r.promptName = :prompt', { prompt: query.prompt });
    qb.orderBy('r.createdAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
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

function toSummary(run: Run): RunSummaryDto {
  return {
    id: run.id,
    source: run.source,
    prompt: run.promptName,
    version: run.promptVersion,
    environment: run.environment,
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
