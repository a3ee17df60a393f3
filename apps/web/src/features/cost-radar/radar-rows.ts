import type { ProviderResponseDto } from '@promptops/api-client';
import {
  findModelContextWindow,
  findModelMaxOutputTokens,
  findModelPrice,
  type ModelPrice,
  tokenizerFor,
  type TokenizerKind,
  worstCaseCost,
} from '@promptops/shared';

/** One model the prompt could be sent to, with what it would cost there. */
export interface RadarRow {
  key: string;
  provider?: string;
  model: string;
  tokenizer: TokenizerKind;
  /** Undefined while the tokenizer loads. */
  promptTokens?: number;
  price: ModelPrice | null;
  /** The answer budget: max tokens set on the call, else the model's output limit. */
  maxOutputTokens: number | null;
  /** Null when the price or the answer budget is unknown. */
  costUsd: number | null;
  contextWindow?: number;
  fits?: boolean;
}

type Provider = Pick<ProviderResponseDto, 'name' | 'kind' | 'models' | 'enabled'>;

/** The price a run is charged at: the provider's own price for the model wins over the list price (as the API does). */
export function priceOn(provider: Provider | undefined, model: string): ModelPrice | null {
  const own = provider?.models.find((m) => m.id === model);
  const listed = provider?.kind === 'ollama' ? { inputPerMTok: 0, outputPerMTok: 0 } : findModelPrice(model);
  const inputPerMTok = own?.inputPricePerMTok ?? listed?.inputPerMTok;
  const outputPerMTok = own?.outputPricePerMTok ?? listed?.outputPerMTok;
  return inputPerMTok === undefined || outputPerMTok === undefined ? null : { inputPerMTok, outputPerMTok };
}

export function radarRow(
  model: string,
  provider: Provider | undefined,
  counts: Partial<Record<TokenizerKind, number>>,
  maxTokens: number | undefined,
): RadarRow {
  const tokenizer = tokenizerFor(model);
  const promptTokens = counts[tokenizer];
  const price = priceOn(provider, model);
  const maxOutputTokens = maxTokens ?? findModelMaxOutputTokens(model) ?? null;
  const contextWindow = findModelContextWindow(model);
  return {
    key: `${provider?.name ?? ''}/${model}`,
    provider: provider?.name,
    model,
    tokenizer,
    promptTokens,
    price,
    maxOutputTokens,
    costUsd:
      price && maxOutputTokens !== null && promptTokens !== undefined
        ? worstCaseCost(price, promptTokens, maxOutputTokens)
        : null,
    contextWindow,
    fits: contextWindow === undefined || promptTokens === undefined ? undefined : promptTokens <= contextWindow,
  };
}

/** Every model of every enabled provider, for the comparison table. */
export function comparisonRows(
  providers: readonly Provider[],
  counts: Partial<Record<TokenizerKind, number>>,
  maxTokens: number | undefined,
): RadarRow[] {
  return providers.filter((p) => p.enabled).flatMap((p) => p.models.map((m) => radarRow(m.id, p, counts, maxTokens)));
}
