import { costOf, type ModelPrice } from './model-prices';

/** How a model's prompt is counted: one of OpenAI's BPE encodings exactly, or the approximation. */
export type TokenizerKind = 'o200k_base' | 'cl100k_base' | 'approximate';

/** Counts the tokens of one piece of text with some tokenizer. */
export type TextTokenCounter = (text: string) => number;

/** A rendered chat message, as the preview shows it. */
export interface CountedMessage {
  role: string;
  content: string;
}

/**
 * The tokenizer of an OpenAI model by name (vendor prefixes such as `openai/` are ignored):
 * o200k_base for GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and the o-series, cl100k_base for GPT-4 and
 * GPT-3.5 (as OpenAI's tiktoken maps them). Every other family is approximated.
 */
export function tokenizerFor(model: string): TokenizerKind {
  let name = model.trim().toLowerCase();
  name = name.slice(name.lastIndexOf('/') + 1);
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o\d)(\b|-|$)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5|gpt-35|text-embedding-3|text-embedding-ada-002)(\b|-|$)/.test(name)) return 'cl100k_base';
  return 'approximate';
}

/**
 * Characters that tokenizers of other families spend about one token each on: CJK ideographs
 * and punctuation, kana, hangul, full-width forms.
 */
const WIDE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
/** Letters (with their marks) and whitespace: words, of which BPE vocabularies hold whole ones. */
const PLAIN = /[\p{L}\p{M}\s]/u;

/** Letters and spaces per token, and tokens per digit or punctuation mark, in the approximation. */
export const APPROX_CHARS_PER_TOKEN = 5;
export const APPROX_TOKENS_PER_SYMBOL = 0.7;

/**
 * A tokenizer-free estimate for Claude, Gemini, Llama, Qwen, DeepSeek and other models whose
 * tokenizer does not run in the browser: one token per CJK character, 0.7 per digit or
 * punctuation mark, one per 5 other characters (letters and spaces), rounded up. Measured against
 * the Claude, Llama 3 and Gemma tokenizers in docs/cost-radar.md: within 15 % on English prose and
 * code, up to 54 % over on Chinese (an estimate of the worst case errs high). Labelled approximate
 * wherever it is shown.
 */
export function approximateTokens(text: string): number {
  let wide = 0;
  let symbols = 0;
  let plain = 0;
  for (const c of text) {
    if (WIDE.test(c)) wide++;
    else if (PLAIN.test(c)) plain++;
    else symbols++;
  }
  return Math.ceil(wide + APPROX_TOKENS_PER_SYMBOL * symbols + plain / APPROX_CHARS_PER_TOKEN);
}

/**
 * Chat framing as OpenAI documents it for GPT-3.5-turbo-0613, GPT-4 and later (the cookbook's
 * `num_tokens_from_messages`): each message costs 3 tokens plus its role and content, and every
 * reply is primed with 3 more.
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_REPLY = 3;

/** Tokens of a rendered chat prompt, framing included. */
export function countChatTokens(messages: readonly CountedMessage[], count: TextTokenCounter): number {
  return messages.reduce(
    (sum, m) => sum + TOKENS_PER_MESSAGE + count(m.role) + count(m.content),
    messages.length > 0 ? TOKENS_PER_REPLY : 0,
  );
}

/** Tokens of a rendered prompt: its text, or its messages with their framing. */
export function countPromptTokens(prompt: string | readonly CountedMessage[], count: TextTokenCounter): number {
  return typeof prompt === 'string' ? count(prompt) : countChatTokens(prompt, count);
}

/**
 * The most a call can cost: every prompt token at the input price and the whole answer budget
 * (max tokens, or the model's output limit) at the output price.
 */
export function worstCaseCost(price: ModelPrice, promptTokens: number, maxTokens: number): number {
  return costOf(price, promptTokens, maxTokens);
}
