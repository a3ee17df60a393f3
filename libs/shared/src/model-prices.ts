/** List price of a model in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMTok: number;
  outputPerMTok: number;
}

/**
 * Public list prices of common models (standard tier, text, no caching or batch discount),
 * as published by the vendors in 2025. A provider's own model settings override these, so an
 * operator with negotiated prices, or a model missing here, sets the price on the provider.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  // OpenAI
  'gpt-5': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gpt-5-mini': { inputPerMTok: 0.25, outputPerMTok: 2 },
  'gpt-5-nano': { inputPerMTok: 0.05, outputPerMTok: 0.4 },
  'gpt-4.1': { inputPerMTok: 2, outputPerMTok: 8 },
  'gpt-4.1-mini': { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  'gpt-4.1-nano': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 },
  'gpt-4o-mini': { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  'gpt-4-turbo': { inputPerMTok: 10, outputPerMTok: 30 },
  'gpt-3.5-turbo': { inputPerMTok: 0.5, outputPerMTok: 1.5 },
  o1: { inputPerMTok: 15, outputPerMTok: 60 },
  o3: { inputPerMTok: 2, outputPerMTok: 8 },
  'o3-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  'o4-mini': { inputPerMTok: 1.1, outputPerMTok: 4.4 },
  // Anthropic
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-5-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'claude-3-opus': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-3-haiku': { inputPerMTok: 0.25, outputPerMTok: 1.25 },
  // Google (prompts up to 200k tokens)
  'gemini-2.5-pro': { inputPerMTok: 1.25, outputPerMTok: 10 },
  'gemini-2.5-flash': { inputPerMTok: 0.3, outputPerMTok: 2.5 },
  'gemini-2.5-flash-lite': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gemini-2.0-flash': { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  'gemini-2.0-flash-lite': { inputPerMTok: 0.075, outputPerMTok: 0.3 },
  'gemini-1.5-pro': { inputPerMTok: 1.25, outputPerMTok: 5 },
  'gemini-1.5-flash': { inputPerMTok: 0.075, outputPerMTok: 0.3 },
};

/**
 * The most output tokens a model can answer with in one call, as the vendors document it
 * (2025; Claude 3.7 Sonnet without the extended-output beta). Bounds a cost estimate when the
 * call sets no max tokens.
 */
export const MODEL_MAX_OUTPUT_TOKENS: Readonly<Record<string, number>> = {
  // OpenAI
  'gpt-5': 128_000,
  'gpt-5-mini': 128_000,
  'gpt-5-nano': 128_000,
  'gpt-4.1': 32_768,
  'gpt-4.1-mini': 32_768,
  'gpt-4.1-nano': 32_768,
  'gpt-4o': 16_384,
  'gpt-4o-mini': 16_384,
  'gpt-4-turbo': 4_096,
  'gpt-3.5-turbo': 4_096,
  o1: 100_000,
  o3: 100_000,
  'o3-mini': 100_000,
  'o4-mini': 100_000,
  // Anthropic
  'claude-opus-4-1': 32_000,
  'claude-opus-4': 32_000,
  'claude-sonnet-4-5': 64_000,
  'claude-sonnet-4': 64_000,
  'claude-haiku-4-5': 64_000,
  'claude-3-7-sonnet': 64_000,
  'claude-3-5-sonnet': 8_192,
  'claude-3-5-haiku': 8_192,
  'claude-3-opus': 4_096,
  'claude-3-haiku': 4_096,
  // Google
  'gemini-2.5-pro': 65_536,
  'gemini-2.5-flash': 65_536,
  'gemini-2.5-flash-lite': 65_536,
  'gemini-2.0-flash': 8_192,
  'gemini-2.0-flash-lite': 8_192,
  'gemini-1.5-pro': 8_192,
  'gemini-1.5-flash': 8_192,
};

/**
 * Suffixes that name a snapshot of a model rather than another model, removed one at a time
 * until a listed name is found: `gpt-4o-2024-08-06`, `claude-3-5-haiku-20241022`,
 * `gemini-2.0-flash-001`, `gemini-2.5-flash-preview-05-20`, `claude-3-7-sonnet-latest`.
 */
const SNAPSHOT_SUFFIXES = [
  /-\d{4}-\d{2}-\d{2}$/,
  /-\d{8}$/,
  /-(latest|preview|exp)$/,
  /-(preview|exp)-\d{2}-\d{2}$/,
  /-\d{2}-\d{2}$/,
  /-\d{3}$/,
  /-v\d+(:\d+)?$/,
];

/**
 * The list price of a model, tolerating vendor prefixes (`openai/gpt-4o`, `models/gemini-2.5-pro`)
 * and snapshot suffixes. Never guesses by prefix alone: `gpt-4.1-mini` is not `gpt-4.1`.
 */
export function findModelPrice(model: string): ModelPrice | undefined {
  return findModelEntry(MODEL_PRICES, model);
}

/** The most output tokens a model answers with, found as its price is; undefined when unknown. */
export function findModelMaxOutputTokens(model: string): number | undefined {
  return findModelEntry(MODEL_MAX_OUTPUT_TOKENS, model);
}

function findModelEntry<T>(table: Readonly<Record<string, T>>, model: string): T | undefined {
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf('/') + 1);
  for (;;) {
    if (Object.hasOwn(table, name)) return table[name];
    const suffix = SNAPSHOT_SUFFIXES.find((pattern) => pattern.test(name));
    if (!suffix) return undefined;
    name = name.replace(suffix, '');
  }
}

/** Dollars for a number of tokens, rounded to 10 decimal places so that it stores and compares exactly. */
export function costOf(price: ModelPrice, inputTokens: number, outputTokens: number): number {
  const dollars = (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
  return Number(dollars.toFixed(10));
}

/**
 * The most input tokens a model accepts in one call (its context window, less what the vendor
 * reserves for the answer where the two are documented apart), from the vendors' model pages as
 * of 2025: OpenAI's platform.openai.com/docs/models/<model> ("Context window"; GPT-5 accepts
 * 272,000 input tokens of its 400,000), Anthropic's docs.anthropic.com/en/docs/about-claude/models/overview
 * (200K for every current model; Sonnet's 1M window is a beta header we do not send) and Google's
 * ai.google.dev/gemini-api/docs/models ("Input token limit"). Used by the `context_window_exceeded`
 * lint rule; an unknown model is never flagged.
 */
export const MODEL_CONTEXT_WINDOWS: Readonly<Record<string, number>> = {
  // OpenAI
  'gpt-5': 272_000,
  'gpt-5-mini': 272_000,
  'gpt-5-nano': 272_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  'gpt-4-turbo': 128_000,
  'gpt-4': 8_192,
  'gpt-3.5-turbo': 16_385,
  o1: 200_000,
  o3: 200_000,
  'o3-mini': 200_000,
  'o4-mini': 200_000,
  // Anthropic
  'claude-opus-4-1': 200_000,
  'claude-opus-4': 200_000,
  'claude-sonnet-4-5': 200_000,
  'claude-sonnet-4': 200_000,
  'claude-haiku-4-5': 200_000,
  'claude-3-7-sonnet': 200_000,
  'claude-3-5-sonnet': 200_000,
  'claude-3-5-haiku': 200_000,
  'claude-3-opus': 200_000,
  'claude-3-haiku': 200_000,
  // Google
  'gemini-2.5-pro': 1_048_576,
  'gemini-2.5-flash': 1_048_576,
  'gemini-2.5-flash-lite': 1_048_576,
  'gemini-2.0-flash': 1_048_576,
  'gemini-2.0-flash-lite': 1_048_576,
  'gemini-1.5-pro': 2_097_152,
  'gemini-1.5-flash': 1_048_576,
};

/** The most input tokens a model accepts, found as its price is; undefined when unknown. */
export function findModelContextWindow(model: string): number | undefined {
  return findModelEntry(MODEL_CONTEXT_WINDOWS, model);
}
