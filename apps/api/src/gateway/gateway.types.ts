import type { ProviderKind } from '@promptops/shared';

/** Everything needed to reach a provider; the API key is decrypted only for the call. */
export interface ProviderConnection {
  name: string;
  kind: ProviderKind;
  baseUrl: string | null;
  apiKey: string | null;
}

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
}

export interface ChatRequest extends ChatParameters {
  connection: ProviderConnection;
  model: string;
  messages: ChatMessage[];
  /** Aborts the call, e.g. when the client that asked for it goes away. */
  signal?: AbortSignal;
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the provider did not report usage and the counts come from a tokenizer. */
  estimated: boolean;
}

export interface ChatResult {
  text: string;
  usage: ChatUsage;
  finishReason: string;
  latencyMs: number;
  /** Time to the first streamed token; null for an answer that was not streamed. */
  ttftMs: number | null;
}

export interface EmbedRequest {
  connection: ProviderConnection;
  model: string;
  texts: string[];
  signal?: AbortSignal;
}

export interface EmbedResult {
  /** One vector per text, in the order given. */
  embeddings: number[][];
  /** Input tokens, as the provider reports them (estimated when it does not). */
  usage: { promptTokens: number; estimated: boolean };
  latencyMs: number;
}
