import { Injectable } from '@nestjs/common';
import { ErrorCode, ScorerKind, ScorerSpec } from '@promptops/shared';
import { DomainError } from '../common/problem/domain.error';
import { CallAbortedError } from '../gateway/gateway.errors';
import { offersEmbeddings } from '../gateway/language-models';
import { ProvidersService } from '../providers/providers.service';
import { EmbeddingsService } from './embeddings.service';
import { JsonSchemaConfig, jsonSchema, jsonSchemaConfig, jsonValid, jsonValidConfig } from './json-scorers';
import { LlmJudgeConfig, llmJudgeConfig } from './judge-answer';
import { LlmJudgeService } from './llm-judge.service';
import { numeric, NumericConfig, numericConfig } from './numeric-scorer';
import { compileRegex, RegexConfig, regexConfig, regexMatch } from './regex-scorer';
import { ConfigReader, isMissing, NO_EXPECTED, ScorerConfigProblem } from './scorer-config';
import type { PinnedEmbedding, PinnedJudge, PinnedScorer, Score, ScoreInput, Verdict } from './scorer.types';
import { ScorerInvalidError, ScorerNameDuplicateError } from './scorers.errors';
import {
  contains,
  ContainsConfig,
  containsConfig,
  exactMatch,
  ExactMatchConfig,
  exactMatchConfig,
  levenshtein,
  LevenshteinConfig,
  levenshteinConfig,
  typeName,
} from './text-scorers';
import { cosineSimilarity, similarityScore } from './vectors';

/** How each kind checks its config (filling in defaults), and its default threshold and version. */
const KINDS: Record<ScorerKind, { version: number; threshold: number; config(raw: Record<string, unknown>): object }> =
  {
    exact_match: { version: 1, threshold: 1, config: exactMatchConfig },
    contains: { version: 1, threshold: 1, config: containsConfig },
    regex: { version: 1, threshold: 1, config: regexConfig },
    json_valid: { version: 1, threshold: 1, config: jsonValidConfig },
    json_schema: { version: 1, threshold: 1, config: jsonSchemaConfig },
    numeric: { version: 1, threshold: 1, config: numericConfig },
    levenshtein: { version: 1, threshold: 0.8, config: levenshteinConfig },
    embedding_similarity: { version: 1, threshold: 0.8, config: embeddingConfig },
    llm_judge: { version: 1, threshold: 0.5, config: llmJudgeConfig },
  };

/**
 * The evaluation lab's scorers: `pin` checks an experiment's scorers and fixes everything a
 * re-run must reproduce; `score` judges one output. Text and JSON scorers are pure functions;
 * embedding similarity fetches (cached) embeddings through the gateway; the LLM judge runs a
 * judge prompt through the run core.
 */
@Injectable()
export class ScorersService {
  constructor(
    private readonly providers: ProvidersService,
    private readonly embeddings: EmbeddingsService,
    private readonly judges: LlmJudgeService,
  ) {}

  /** Checks the specs (a 400 naming the scorer and what is wrong) and pins them for re-runs. */
  async pin(specs: ScorerSpec[]): Promise<PinnedScorer[]> {
    const names = new Set<string>();
    const pinned: PinnedScorer[] = [];
    for (const [index, spec] of specs.entries()) {
      if (names.has(spec.name)) throw new ScorerNameDuplicateError(index, spec.name);
      names.add(spec.name);
      try {
        pinned.push(await this.pinOne(spec));
      } catch (error) {
        if (error instanceof ScorerConfigProblem) {
          const field = error.field === 'threshold' || error.field === 'kind' ? error.field : `config.${error.field}`;
          throw new ScorerInvalidError(error.code, index, spec.name, field, error.message);
        }
        throw error;
      }
    }
    return pinned;
  }

  /** Never throws for the scorer's own failure (that is `error`); only an abort rejects. */
  async score(scorer: PinnedScorer, input: ScoreInput, ctx: { signal?: AbortSignal } = {}): Promise<Score> {
    try {
      ctx.signal?.throwIfAborted();
      switch (scorer.kind) {
        case 'embedding_similarity':
          return await this.embeddingSimilarity(scorer, input, ctx.signal);
        case 'llm_judge': {
          const { usage, costUsd, runId, ...verdict } = await this.judges.judge(
            scorer.judge as PinnedJudge,
            scorer.config as unknown as LlmJudgeConfig,
            input,
            ctx.signal,
          );
          return { ...scored(scorer, verdict), ...(usage ? { usage, costUsd, runId } : {}) };
        }
        default:
          return scored(scorer, pureVerdict(scorer, input));
      }
    } catch (error) {
      if (error instanceof CallAbortedError || ctx.signal?.aborted) throw error;
      const message =
        error instanceof DomainError ? error.detail : error instanceof Error ? error.message : String(error);
      return scored(scorer, { error: message });
    }
  }

  private async pinOne(spec: ScorerSpec): Promise<PinnedScorer> {
    const kind = Object.hasOwn(KINDS, spec.kind) ? KINDS[spec.kind] : undefined;
    if (!kind) throw new ScorerConfigProblem('kind', `must be one of ${Object.keys(KINDS).join(', ')}`);
    const threshold = spec.threshold ?? kind.threshold;
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
      throw new ScorerConfigProblem('threshold', 'must be between 0 and 1');
    }
    const config = kind.config(spec.config ?? {}) as Record<string, unknown>;
    const pinned: PinnedScorer = { name: spec.name, kind: spec.kind, config, threshold, version: kind.version };
    if (spec.kind === 'embedding_similarity')
      pinned.embedding = await this.pinEmbedding(config as unknown as EmbeddingConfig);
    if (spec.kind === 'llm_judge') pinned.judge = await this.judges.pin(config as unknown as LlmJudgeConfig);
    return pinned;
  }

  private async pinEmbedding(config: EmbeddingConfig): Promise<PinnedEmbedding> {
    try {
      const { connection } = await this.providers.resolve(config.provider, config.model);
      if (!offersEmbeddings(connection.kind)) {
        throw new ScorerConfigProblem(
          'provider',
          `names "${config.provider}" (${connection.kind}), which offers no embeddings`,
          ErrorCode.SCORER_EMBEDDINGS_UNSUPPORTED,
        );
      }
    } catch (error) {
      if (error instanceof DomainError) {
        throw new ScorerConfigProblem('provider', error.detail, ErrorCode.SCORER_MODEL_UNAVAILABLE);
      }
      throw error;
    }
    return { provider: config.provider, model: config.model };
  }

  private async embeddingSimilarity(scorer: PinnedScorer, item: ScoreInput, signal?: AbortSignal): Promise<Score> {
    if (isMissing(item.expected)) return scored(scorer, { error: NO_EXPECTED });
    if (typeof item.expected !== 'string' && typeof item.expected !== 'number') {
      return scored(scorer, { error: `expected must be a text to compare meanings, not ${typeName(item.expected)}` });
    }
    const expected = String(item.expected);
    if (expected.trim() === '') return scored(scorer, { error: 'expected is an empty text' });
    // Providers refuse to embed an empty text; an empty answer means nothing.
    if (item.output.trim() === '') return scored(scorer, { score: 0, reason: 'the output is empty' });
    const target = scorer.embedding as PinnedEmbedding;
    const { vectors, promptTokens } = await this.embeddings.embed(target, [item.output, expected], signal);
    const cosine = cosineSimilarity(vectors[0], vectors[1]);
    return {
      ...scored(scorer, { score: similarityScore(cosine), reason: `cosine similarity ${cosine.toFixed(3)}` }),
      usage: { promptTokens, completionTokens: 0 },
    };
  }
}

interface EmbeddingConfig {
  provider: string;
  model: string;
}

function embeddingConfig(raw: Record<string, unknown>): EmbeddingConfig {
  const read = new ConfigReader(raw, ['provider', 'model']);
  return { provider: read.requiredString('provider'), model: read.requiredString('model') };
}

/** The kinds that need nothing but the output and the item. */
function pureVerdict(scorer: PinnedScorer, item: ScoreInput): Verdict {
  const config = scorer.config;
  switch (scorer.kind) {
    case 'exact_match':
      return exactMatch(config as unknown as ExactMatchConfig, item.output, item.expected);
    case 'contains':
      return contains(config as unknown as ContainsConfig, item.output, item.expected);
    case 'regex': {
      const regexConfig = config as unknown as RegexConfig;
      return regexMatch(regexConfig, compiledRegex(regexConfig), item.output);
    }
    case 'json_valid':
      return jsonValid(item.output);
    case 'json_schema':
      return jsonSchema(config as JsonSchemaConfig, item.output, item.expected);
    case 'numeric':
      return numeric(config as unknown as NumericConfig, item.output, item.expected);
    case 'levenshtein':
      return levenshtein(config as unknown as LevenshteinConfig, item.output, item.expected);
    default:
      throw new Error(`${scorer.kind} is not a pure scorer`);
  }
}

/** Compiled patterns, by flags and pattern: an experiment scores thousands of outputs with one. */
const regexes = new Map<string, ReturnType<typeof compileRegex>>();

function compiledRegex(config: RegexConfig): ReturnType<typeof compileRegex> {
  const key = `${config.flags}/${config.pattern}`;
  let regex = regexes.get(key);
  if (!regex) {
    if (regexes.size >= 500) regexes.clear();
    regexes.set(key, (regex = compileRegex(config)));
  }
  return regex;
}

/** A verdict as a Score: pass is score ≥ threshold. */
function scored(scorer: PinnedScorer, verdict: Verdict): Score {
  if ('error' in verdict) return { score: null, pass: null, reason: null, error: verdict.error };
  const score = Math.min(1, Math.max(0, verdict.score));
  return { score, pass: score >= scorer.threshold, reason: verdict.reason, error: null };
}
