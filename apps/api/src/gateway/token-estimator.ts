import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage } from './gateway.types';

/** Prompt text is data: a literal `<|endoftext|>` in it is counted, not refused. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Pieces counted at once (cut before whitespace), and the longest run counted without a cut. */
const PIECE = 2048;
const RUN_PIECE = 128;
/** Texts longer than this are counted on SAMPLES windows of SAMPLE_LENGTH characters. */
const SAMPLED_ABOVE = 200_000;
const SAMPLES = 50;
const SAMPLE_LENGTH = 2000;

/** Chat framing per message and for the reply's priming, as in OpenAI's chat format. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

/**
 * Token counts with the o200k tokenizer (GPT-4o and later). Exact for recent OpenAI models and
 * a close estimate for other vendors', used when a provider reports no usage and for the
 * Playground's live cost estimate.
 */
export function estimateTextTokens(text: string): number {
  if (!text) return 0;
  if (text.length <= SAMPLED_ABOVE) return countChunked(text, 0, text.length);
  // A long text is counted on evenly spaced windows and scaled: usage is an estimate here anyway,
  // and counting a megabyte exactly would hold the event loop for a noticeable time.
  const step = Math.floor(text.length / SAMPLES);
  let tokens = 0;
  let counted = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const start = i * step;
    const end = Math.min(text.length, start + SAMPLE_LENGTH);
    tokens += countChunked(text, start, end);
    counted += end - start;
  }
  return Math.round((tokens * text.length) / counted);
}

/**
 * BPE is quadratic in the length of one pre-token (a run of letters or of punctuation): 100,000
 * `<` in a row take seconds. Counting in pieces cut just before whitespace keeps ordinary text
 * exact (a word carries its leading space into the next piece, as the tokenizer splits it anyway),
 * and cuts a run without whitespace every RUN_PIECE characters, which costs at most a token a cut.
 */
function countChunked(text: string, start: number, end: number): number {
  let tokens = 0;
  let from = start;
  while (from < end) {
    let to = Math.min(end, from + PIECE);
    if (to < end) {
      const space = lastWhitespace(text, from + RUN_PIECE, to);
      to = space > from ? space : Math.min(end, from + RUN_PIECE);
    }
    tokens += countTokens(text.slice(from, to), AS_TEXT);
    from = to;
  }
  return tokens;
}

/** The index of the last whitespace character in [from, to), or -1. */
function lastWhitespace(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) return i;
  }
  return -1;
}

export function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTextTokens(m.content), TOKENS_PER_REPLY);
}
