import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import { DomainError } from '../common/problem/domain.error';
import { CallAbortedError } from '../gateway/gateway.errors';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { ServableVersion, VersionsService } from '../prompts/versions.service';
import { ProvidersService } from '../providers/providers.service';
import { RunCore } from '../runs/run-core.service';
import { LlmJudgeConfig, parseJudgeAnswer } from './judge-answer';
import { ScorerConfigProblem } from './scorer-config';
import type { PinnedJudge, ScoreInput, Verdict } from './scorer.types';

/** Judge versions read so far; versions are immutable, so they never go stale. */
const MAX_CACHED_VERSIONS = 200;

/** The judge's verdict, with what asking it cost once it was asked. */
export type JudgeVerdict = Verdict & {
  usage?: { promptTokens: number; completionTokens: number };
  costUsd?: number | null;
  runId?: number | null;
};

/**
 * The LLM judge: a PromptOps prompt (rendered with `input`, `output` and `expected`) run
 * through the one run core, so its calls are logged (source `experiment`), limited and
 * costed like any other; its answer is read as `{"score", "reason"}`.
 */
@Injectable()
export class LlmJudgeService {
  private readonly versionsRead = new Map<string, ServableVersion>();

  constructor(
    private readonly locator: PromptLocator,
    private readonly versions: VersionsService,
    private readonly providers: ProvidersService,
    private readonly core: RunCore,
  ) {}

  /** The judge prompt's version (the latest unless one is named) and the model it will run on, checked. */
  async pin(config: LlmJudgeConfig): Promise<PinnedJudge> {
    let promptId: number;
    try {
      const prompt = await this.locator.findServable(config.prompt);
      promptId = prompt.id;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new ScorerConfigProblem(
        'prompt',
        error.code === ErrorCode.PROMPT_RETIRED
          ? `names the judge prompt "${config.prompt}", which is disabled`
          : `names no existing prompt ("${config.prompt}"); create the judge prompt first`,
        ErrorCode.SCORER_JUDGE_PROMPT_NOT_FOUND,
      );
    }
    const version = await this.versions.findServableVersion(promptId, config.version ?? 'latest');
    if (!version) {
      throw new ScorerConfigProblem(
        config.version ? 'version' : 'prompt',
        config.version
          ? `names version ${config.version} of "${config.prompt}", which does not exist`
          : `"${config.prompt}" has no version to judge with`,
        ErrorCode.SCORER_JUDGE_PROMPT_NOT_FOUND,
      );
    }
    const provider = config.provider ?? version.modelConfig.provider;
    const model = config.model ?? version.modelConfig.model;
    if (!provider || !model) {
      const missing = provider ? 'model' : 'provider';
      throw new ScorerConfigProblem(
        missing,
        `is needed: version ${version.version} of "${config.prompt}" names no ${missing}; set it on the version or in the scorer`,
        ErrorCode.SCORER_MODEL_UNAVAILABLE,
      );
    }
    try {
      await this.providers.resolve(provider, model);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new ScorerConfigProblem(
        config.provider ? 'provider' : 'model',
        error.detail,
        ErrorCode.SCORER_MODEL_UNAVAILABLE,
      );
    }
    this.remember(config.prompt, version);
    return { prompt: config.prompt, version: version.version, provider, model };
  }

  /** Asks the judge; its failures (model, template, answer) come back as `error`, an abort is thrown. */
  async judge(
    judge: PinnedJudge,
    config: LlmJudgeConfig,
    item: ScoreInput,
    signal?: AbortSignal,
  ): Promise<JudgeVerdict> {
    let answer;
    try {
      const version = await this.version(judge);
      const plan = await this.core.plan({
        source: 'experiment',
        prompt: judge.prompt,
        version: judge.version,
        render: version,
        variables: { input: item.input, output: item.output, expected: item.expected ?? null },
        modelConfig: { ...version.modelConfig, provider: judge.provider, model: judge.model },
      });
      answer = await this.core.run(plan, signal);
    } catch (error) {
      if (error instanceof CallAbortedError || signal?.aborted) throw error;
      const message =
        error instanceof DomainError ? error.detail : error instanceof Error ? error.message : String(error);
      return { error: `the judge failed: ${message}` };
    }
    const spent = {
      usage: { promptTokens: answer.usage.promptTokens, completionTokens: answer.usage.completionTokens },
      costUsd: answer.costUsd,
      runId: answer.runId,
    };
    return { ...parseJudgeAnswer(answer.output, config.scale), ...spent };
  }

  private async version(judge: PinnedJudge): Promise<ServableVersion> {
    const known = this.versionsRead.get(`${judge.prompt}@${judge.version}`);
    if (known) return known;
    const prompt = await this.locator.findForServing(judge.prompt);
    const version = await this.versions.findServableVersion(prompt.id, judge.version);
    if (!version) throw new Error(`Version ${judge.version} of judge prompt "${judge.prompt}" disappeared`);
    this.remember(judge.prompt, version);
    return version;
  }

  private remember(prompt: string, version: ServableVersion): void {
    if (this.versionsRead.size >= MAX_CACHED_VERSIONS) this.versionsRead.clear();
    this.versionsRead.set(`${prompt}@${version.version}`, version);
  }
}
