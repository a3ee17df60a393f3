import { Injectable, Logger } from '@nestjs/common';
import { costOf, ErrorCode } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/problem/domain.error';
import { problemOf } from '../common/problem/problem.filter';
import { abortOnDisconnect, EventStream } from '../gateway/event-stream';
import { CallAbortedError } from '../gateway/gateway.errors';
import { GatewayService } from '../gateway/gateway.service';
import { estimatePromptTokens, estimateTextTokens } from '../gateway/token-estimator';
import { ChatMessage, ChatResult, ChatUsage } from '../gateway/gateway.types';
import type { ResolvedModel } from '../providers/providers.service';
import { RunParameters } from './run.entity';
import { RunInput, RunsService } from './runs.service';

/** A model call ready to go: the model, the messages to send and what the log will say. */
export interface RunPlan {
  resolved: ResolvedModel;
  messages: ChatMessage[];
  parameters: RunParameters;
  log: RunInput;
  /** How the serving path chose the version (run API, webhooks). */
  resolvedBy?: 'environment' | 'version' | 'latest' | 'debug';
}

/** The answer to a run (and the `done` event of a streamed one). */
export interface RunAnswer {
  runId: number;
  output: string;
  usage: ChatUsage;
  costUsd: number | null;
  latencyMs: number;
  ttftMs: number | null;
  finishReason: string;
  provider: string;
  model: string;
  /** The prompt version that was run, if any. */
  version: number | null;
  /** The environment whose deployment was run, if any. */
  environment: string | null;
  resolvedBy?: 'environment' | 'version' | 'latest' | 'debug';
  renderedMessages: ChatMessage[];
}

/**
 * Makes a planned model call and logs it, for every caller (Playground, run API, webhooks):
 * answered as JSON, or as server-sent events (`start`, `delta`…, `done` or `error`) on the
 * reply. Aborted, and logged as such, when the client goes away.
 */
@Injectable()
export class RunExecutor {
  private readonly logger = new Logger(RunExecutor.name);

  constructor(
    private readonly gateway: GatewayService,
    private readonly runs: RunsService,
  ) {}

  /** Resolves with the answer, or with undefined once a streamed answer has been written to `reply`. */
  async execute(plan: RunPlan, options: { stream: boolean; reply: FastifyReply }): Promise<RunAnswer | undefined> {
    const signal = abortOnDisconnect(options.reply);
    const started = performance.now();
    const runId = await this.runs.start(plan.log);
    const request = {
      connection: plan.resolved.connection,
      model: plan.resolved.model,
      messages: plan.messages,
      ...plan.parameters,
      signal,
    };
    if (!options.stream) {
      try {
        return await this.succeed(runId, plan, await this.gateway.complete(request));
      } catch (error) {
        await this.fail(runId, plan, started, error, '');
        throw error;
      }
    }

    const events = EventStream.open(options.reply);
    events.send('start', { runId });
    let output = '';
    try {
      const result = await this.gateway.stream(request, (text) => {
        output += text;
        events.send('delta', { text });
      });
      events.send('done', await this.succeed(runId, plan, result));
    } catch (error) {
      await this.fail(runId, plan, started, error, output);
      events.send('error', problemOf(error));
    } finally {
      events.end();
    }
    return undefined;
  }

  private async succeed(runId: number, plan: RunPlan, result: ChatResult): Promise<RunAnswer> {
    const { price } = plan.resolved;
    const costUsd = price ? costOf(price, result.usage.promptTokens, result.usage.completionTokens) : null;
    await this.runs.finish(runId, {
      status: 'success',
      output: result.text,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      usageEstimated: result.usage.estimated,
      costUsd,
      latencyMs: result.latencyMs,
      ttftMs: result.ttftMs,
    });
    return {
      runId,
      output: result.text,
      usage: result.usage,
      costUsd,
      latencyMs: result.latencyMs,
      ttftMs: result.ttftMs,
      finishReason: result.finishReason,
      provider: plan.log.provider,
      model: plan.log.model,
      version: plan.log.promptVersion,
      environment: plan.log.environment ?? null,
      ...(plan.resolvedBy ? { resolvedBy: plan.resolvedBy } : {}),
      renderedMessages: plan.messages,
    };
  }

  /** Logs what went wrong, and what the part of the answer that had arrived cost (estimated). */
  private async fail(
    runId: number,
    plan: RunPlan,
    started: number,
    error: unknown,
    partialOutput: string,
  ): Promise<void> {
    if (!(error instanceof DomainError)) {
      this.logger.error(`Run ${runId} failed`, error instanceof Error ? error.stack : String(error));
    }
    const partial = partialOutput
      ? {
          promptTokens: estimatePromptTokens(plan.messages),
          completionTokens: estimateTextTokens(partialOutput),
          usageEstimated: true,
        }
      : {};
    const costUsd =
      partial.promptTokens !== undefined && plan.resolved.price
        ? costOf(plan.resolved.price, partial.promptTokens, partial.completionTokens)
        : null;
    await this.runs.finish(runId, {
      status: error instanceof CallAbortedError ? 'aborted' : 'error',
      output: partialOutput || null,
      ...partial,
      costUsd,
      latencyMs: Math.round(performance.now() - started),
      errorCode: error instanceof DomainError ? error.code : ErrorCode.INTERNAL_ERROR,
      errorMessage: error instanceof DomainError ? error.detail : 'An unexpected error occurred',
    });
  }
}
