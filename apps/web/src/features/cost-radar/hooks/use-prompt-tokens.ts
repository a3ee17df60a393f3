import { type CountedMessage, countPromptTokens, type TextTokenCounter, type TokenizerKind } from '@promptops/shared';
import { useEffect, useMemo, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { loadTokenizer } from '../load-tokenizer';

/** A rendered prompt: its text, or a chat version's messages. */
export type RenderedPromptInput = string | readonly CountedMessage[] | undefined;

/**
 * Counting a 20 KB prompt takes about 10 ms; waiting for a pause this long in the typing counts
 * once per pause instead of once per keystroke, and still reads as live.
 */
export const COUNT_DEBOUNCE_MS = 150;

/**
 * The prompt's tokens with each tokenizer asked for, counted in the browser (no request to the
 * server): undefined while a tokenizer loads or there is no prompt.
 */
export function usePromptTokens(
  prompt: RenderedPromptInput,
  kinds: readonly TokenizerKind[],
): Partial<Record<TokenizerKind, number>> {
  const settled = useDebouncedValue(prompt, COUNT_DEBOUNCE_MS);
  const [counters, setCounters] = useState<Partial<Record<TokenizerKind, TextTokenCounter>>>({});
  const wanted = [...new Set(kinds)].sort().join(',');

  useEffect(() => {
    let current = true;
    for (const kind of wanted.split(',').filter(Boolean) as TokenizerKind[]) {
      loadTokenizer(kind).then(
        (counter) => current && setCounters((all) => (all[kind] ? all : { ...all, [kind]: counter })),
        () => undefined,
      );
    }
    return () => {
      current = false;
    };
  }, [wanted]);

  return useMemo(() => {
    if (settled === undefined) return {};
    const counts: Partial<Record<TokenizerKind, number>> = {};
    for (const [kind, counter] of Object.entries(counters) as [TokenizerKind, TextTokenCounter][]) {
      counts[kind] = countPromptTokens(settled, counter);
    }
    return counts;
  }, [settled, counters]);
}
