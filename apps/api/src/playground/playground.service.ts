import { Injectable } from '@nestjs/common';
import { costOf, ErrorCode, findModelMaxOutputTokens } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/auth/authenticated-user';
import { BadRequestError } from '../common/problem/domain.error';
import { estimatePromptTokens } from '../gateway/token-estimator';
import { VersionsService } from '../prompts/versions.service';
import { ProvidersService } from '../providers/providers.service';
import { ListRunsQueryDto } from '../runs/dto/list-runs-query.dto';
import { RunListResponseDto, RunResponseDto } from '../runs/dto/run-response.dto';
import { RunCore } from '../runs/run-core.service';
import { chatMessages } from '../runs/run-plan';
import { replyWithRun } from '../runs/run-replies';
import { RunsService } from '../runs/runs.service';
import { RenderingService, RenderResult } from '../templates/rendering.service';
import { CreatePlaygroundRunDto } from './dto/create-playground-run.dto';
import { EstimateDto, EstimateResponseDto } from './dto/estimate.dto';
import { PlaygroundRunResponseDto } from './dto/playground-run-response.dto';
import { RerunDto } from './dto/rerun.dto';

/**
 * The Playground: renders a version with variables, calls a model through the gateway, logs
 * the run and answers at once or as a stream; re-runs logged runs; estimates what a run costs.
 */
@Injectable()
export class PlaygroundService {
  constructor(
    private readonly versions: VersionsService,
    private readonly rendering: RenderingService,
    private readonly providers: ProvidersService,
    private readonly runs: RunsService,
    private readonly core: RunCore,
  ) {}

  /** Runs a version; with `stream: true`, answers on `reply` as server-sent events instead. */
  async createRun(
    body: CreatePlaygroundRunDto,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<PlaygroundRunResponseDto | undefined> {
    const version = await this.versions.getVersion(body.prompt, body.version);
    const plan = await this.core.plan({
      source: 'playground',
      prompt: body.prompt,
      version: version.version,
      render: version,
      variables: body.variables ?? {},
      modelConfig: { ...version.modelConfig, provider: body.provider, model: body.model },
      parameters: body,
      userId: actor.user?.id ?? null,
    });
    return replyWithRun(this.core, plan, body.stream === true, reply);
  }

  /** The logged run's rendered input again, on its model or another, with its parameters or others. */
  async rerun(
    id: number,
    body: RerunDto,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<PlaygroundRunResponseDto | undefined> {
    const original = await this.runs.getRun(id);
    const plan = await this.core.plan({
      source: 'playground',
      prompt: original.prompt,
      version: original.version,
      environment: original.environment,
      messages: original.input,
      variables: original.variables,
      modelConfig: {
        ...original.parameters,
        provider: body.provider ?? original.provider,
        model: body.model ?? original.model,
      },
      parameters: body,
      userId: actor.user?.id ?? null,
      rerunOfId: original.id,
    });
    return replyWithRun(this.core, plan, body.stream === true, reply);
  }

  listRuns(query: ListRunsQueryDto): Promise<RunListResponseDto> {
    // Flow runs from a flow's test panel are not the Playground's: they are listed in the run log.
    return this.runs.listRuns(query, { source: 'playground', kind: 'model' });
  }

  getRun(id: number): Promise<RunResponseDto> {
    return this.runs.getRun(id);
  }

  /**
   * Token count of the rendered input and the most the run can cost, for the live estimate: an
   * upper bound, never the input alone (a run without max tokens is bounded by the model's output limit).
   */
  async estimate(body: EstimateDto): Promise<EstimateResponseDto> {
    const { rendered, versionMaxTokens } = await this.renderForEstimate(body);
    const messages = chatMessages(rendered);
    const price = await this.providers.findPrice(body.provider, body.model);
    const promptTokens = estimatePromptTokens(messages);
    const maxTokens = body.maxTokens ?? versionMaxTokens ?? null;
    const modelLimit = findModelMaxOutputTokens(body.model) ?? null;
    const maxOutputTokens = maxTokens ?? modelLimit;
    const maxOutputTokensSource =
      body.maxTokens !== undefined
        ? 'request'
        : maxTokens !== null
          ? 'version'
          : modelLimit !== null
            ? 'modelLimit'
            : null;
    const inputCostUsd = price ? costOf(price, promptTokens, 0) : null;
    const outputCostMaxUsd = price && maxOutputTokens !== null ? costOf(price, 0, maxOutputTokens) : null;
    const totalCostMaxUsd = price && maxOutputTokens !== null ? costOf(price, promptTokens, maxOutputTokens) : null;
    return {
      promptTokens,
      maxTokens,
      maxOutputTokens,
      maxOutputTokensSource,
      price,
      inputCostUsd,
      outputCostMaxUsd,
      totalCostMaxUsd,
      estimatedCostUsd: totalCostMaxUsd,
      renderedMessages: messages,
    };
  }

  private async renderForEstimate(body: EstimateDto): Promise<{ rendered: RenderResult; versionMaxTokens?: number }> {
    const variables = body.variables ?? {};
    if (body.prompt !== undefined) {
      if (body.version === undefined) {
        throw new BadRequestError(ErrorCode.VALIDATION_FAILED, 'version: give the version of the prompt to estimate', [
          { field: 'version', message: 'required with prompt' },
        ]);
      }
      const version = await this.versions.getVersion(body.prompt, body.version);
      // A Playground run falls back to the version's max tokens; so does its estimate.
      return {
        rendered: await this.rendering.render(version, variables),
        versionMaxTokens: version.modelConfig.maxTokens,
      };
    }
    if (body.template === undefined && body.messages === undefined) {
      throw new BadRequestError(ErrorCode.VALIDATION_FAILED, 'Give prompt and version, a template or messages', [
        { field: 'template', message: 'give prompt and version, template or messages' },
      ]);
    }
    const rendered = await this.rendering.renderUnsaved(
      { template: body.template, messages: body.messages, variablesMeta: body.variablesMeta },
      variables,
    );
    return { rendered };
  }
}

/** Parameters given win; the rest come from the version's settings (or the original run's). */
