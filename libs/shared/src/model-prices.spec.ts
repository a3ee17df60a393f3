import {
  costOf,
  findModelMaxOutputTokens,
  findModelPrice,
  MODEL_MAX_OUTPUT_TOKENS,
  MODEL_PRICES,
} from './model-prices';

describe('model prices', () => {
  it('finds a model by its name, a dated snapshot or a vendor prefix', () => {
    expect(findModelPrice('gpt-4o-mini')).toEqual({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(findModelPrice('gpt-4o-2024-08-06')).toBe(MODEL_PRICES['gpt-4o']);
    expect(findModelPrice('claude-3-5-haiku-20241022')).toBe(MODEL_PRICES['claude-3-5-haiku']);
    expect(findModelPrice('claude-sonnet-4-20250514')).toBe(MODEL_PRICES['claude-sonnet-4']);
    expect(findModelPrice('claude-opus-4-1-20250805')).toBe(MODEL_PRICES['claude-opus-4-1']);
    expect(findModelPrice('gemini-2.0-flash-001')).toBe(MODEL_PRICES['gemini-2.0-flash']);
    expect(findModelPrice('gemini-2.5-flash-preview-05-20')).toBe(MODEL_PRICES['gemini-2.5-flash']);
    expect(findModelPrice('models/gemini-2.5-pro')).toBe(MODEL_PRICES['gemini-2.5-pro']);
    expect(findModelPrice('openai/GPT-4.1-nano')).toBe(MODEL_PRICES['gpt-4.1-nano']);
  });

  it('never takes a sibling model for another', () => {
    expect(findModelPrice('gpt-4.1-mini')).toBe(MODEL_PRICES['gpt-4.1-mini']);
    expect(findModelPrice('gpt-4o-mini-2024-07-18')).toBe(MODEL_PRICES['gpt-4o-mini']);
    expect(findModelPrice('gpt-4o-audio-preview')).toBeUndefined();
    expect(findModelPrice('llama3.1:8b')).toBeUndefined();
  });

  it('prices input and output tokens separately, to 10 decimal places', () => {
    expect(costOf({ inputPerMTok: 0.15, outputPerMTok: 0.6 }, 1000, 500)).toBe(0.00045);
    expect(costOf({ inputPerMTok: 2.5, outputPerMTok: 10 }, 1, 0)).toBe(0.0000025);
    expect(costOf({ inputPerMTok: 0.1, outputPerMTok: 0.4 }, 0, 0)).toBe(0);
  });

  it('knows the output limit of every priced model, found as prices are', () => {
    expect(Object.keys(MODEL_MAX_OUTPUT_TOKENS).sort()).toEqual(Object.keys(MODEL_PRICES).sort());
    expect(findModelMaxOutputTokens('gpt-4o-mini-2024-07-18')).toBe(16_384);
    expect(findModelMaxOutputTokens('claude-3-5-haiku-20241022')).toBe(8_192);
    expect(findModelMaxOutputTokens('models/gemini-2.5-pro')).toBe(65_536);
    expect(findModelMaxOutputTokens('llama3.1:8b')).toBeUndefined();
    expect(findModelMaxOutputTokens('constructor')).toBeUndefined();
  });
});
