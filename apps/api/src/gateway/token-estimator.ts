import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage } from './gateway.types';

/** Prompt text is data: a literal `<|endoftext|>` in it is counted, not refused. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/** Chat framing per message and for the reply's priming, as in OpenAI's chat format. */
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_REPLY = 3;

/**
 * Token counts with the o200k tokenizer (GPT-4o and later). Exact for recent OpenAI models and
 * a close estimate for other vendors', used when a provider reports no usage and for the
 * Playground's live cost estimate.
 */
export function estimateTextTokens(text: string): number {
  return text ? countTokens(text, AS_TEXT) : 0;
}

export function estimatePromptTokens(messages: ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + TOKENS_PER_MESSAGE + estimateTextTokens(m.content), TOKENS_PER_REPLY);
}
