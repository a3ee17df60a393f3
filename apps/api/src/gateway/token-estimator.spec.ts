import { countTokens } from 'gpt-tokenizer';
import { estimateTextTokens } from './token-estimator';

const exact = (text: string) => countTokens(text, { disallowedSpecial: new Set<string>() });

describe('estimateTextTokens: usage for providers that report none', () => {
  const prose =
    'PromptOps keeps prompts out of code: versions, environments, and a run log. ' +
    'Each reply is billed by the token, so the estimate should be close. 提示词也可以是中文的。\n';

  it('counts ordinary text exactly, however long its pieces', () => {
    expect(estimateTextTokens(prose)).toBe(exact(prose));
    const long = prose.repeat(100);
    expect(estimateTextTokens(long)).toBe(exact(long));
  });

  it('stays within a few percent on long runs without whitespace, which it cuts', () => {
    const run = 'x'.repeat(5000);
    expect(Math.abs(estimateTextTokens(run) - exact(run)) / exact(run)).toBeLessThan(0.05);
  });

  it('estimates a megabyte from samples, close to the exact count', () => {
    const big = prose.repeat(Math.ceil(1_000_000 / prose.length));
    const estimate = estimateTextTokens(big);
    expect(Math.abs(estimate - exact(big)) / exact(big)).toBeLessThan(0.02);
  });

  it('does not hold the server on a run of 300,000 punctuation characters (exact BPE takes minutes)', () => {
    const started = performance.now();
    const estimate = estimateTextTokens('<'.repeat(300_000));
    expect(estimate).toBeGreaterThan(30_000);
    // Generous for a loaded machine; the exact count takes over a minute.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
