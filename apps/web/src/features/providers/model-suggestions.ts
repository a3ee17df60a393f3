import type { ProviderResponseDto } from '@promptops/api-client';
import { MODEL_PRICES, type ProviderKind } from '@promptops/shared';

/** Which models of the built-in price table each vendor serves; the other kinds host anything. */
const VENDOR_MODELS: Partial<Record<ProviderKind, RegExp>> = {
  openai: /^(gpt-|o\d)/,
  anthropic: /^claude-/,
  google: /^gemini-/,
};

/**
 * The models to offer for a provider: its own list when it has one (only those can run), else
 * the vendor's known models as suggestions; an OpenAI-compatible server or Ollama suggests none.
 */
export function modelChoices(provider: ProviderResponseDto | undefined): { strict: boolean; models: string[] } {
  if (!provider) return { strict: false, models: [] };
  if (provider.models.length > 0) return { strict: true, models: provider.models.map((m) => m.id) };
  const vendor = VENDOR_MODELS[provider.kind];
  return { strict: false, models: vendor ? Object.keys(MODEL_PRICES).filter((id) => vendor.test(id)) : [] };
}
