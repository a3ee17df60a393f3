import { approximateTokens, type TextTokenCounter, type TokenizerKind } from '@promptops/shared';

/** Prompt text is data: a literal `<|endoftext|>` in it is counted, not refused. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

const loading = new Map<TokenizerKind, Promise<TextTokenCounter>>();

/**
 * The counter of one tokenizer. OpenAI's encodings are megabytes of merges, so each is a chunk of
 * its own, fetched once, the first time a model needs it.
 */
export function loadTokenizer(kind: TokenizerKind): Promise<TextTokenCounter> {
  let counter = loading.get(kind);
  if (!counter) {
    counter =
      kind === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base').then((m) => (text: string) => m.countTokens(text, AS_TEXT))
        : kind === 'cl100k_base'
          ? import('gpt-tokenizer/encoding/cl100k_base').then((m) => (text: string) => m.countTokens(text, AS_TEXT))
          : Promise.resolve(approximateTokens);
    // A failed chunk load is tried again the next time rather than cached.
    counter.catch(() => loading.delete(kind));
    loading.set(kind, counter);
  }
  return counter;
}
