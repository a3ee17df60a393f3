import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModel, LanguageModel } from 'ai';
import type { ProviderKind } from '@promptops/shared';
import type { ProviderConnection } from './gateway.types';
import { providerFetch } from './provider-http';

export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
  ollama: 'http://127.0.0.1:11434',
} as const;

/** The API root a connection talks to: its own base URL or the vendor's, Ollama's under /v1. */
export function apiRoot(connection: ProviderConnection): string {
  const base = (connection.baseUrl ?? defaultBaseUrl(connection)).replace(/\/+$/, '');
  return connection.kind === 'ollama' ? `${base}/v1` : base;
}

function defaultBaseUrl(connection: ProviderConnection): string {
  if (connection.kind === 'openai-compatible') throw new Error(`Provider "${connection.name}" has no base URL`);
  return DEFAULT_BASE_URLS[connection.kind];
}

/** SDK models of each connection: a cached provider's connection is one object until it changes. */
const modelsOf = new WeakMap<ProviderConnection, Map<string, LanguageModel>>();
const MAX_MODELS_PER_CONNECTION = 100;

/**
 * An AI SDK model for a stored provider, made once per connection and model (making one costs
 * more than the rest of a call's own work), over the gateway's kept-alive pools (`providerFetch`). Keys are always passed explicitly (an empty one when
 * none is stored) so that the SDK never falls back to reading the process environment.
 */
export function languageModel(connection: ProviderConnection, modelId: string): LanguageModel {
  let models = modelsOf.get(connection);
  if (!models) modelsOf.set(connection, (models = new Map()));
  let model = models.get(modelId);
  if (!model) {
    if (models.size >= MAX_MODELS_PER_CONNECTION) models.clear();
    models.set(modelId, (model = createLanguageModel(connection, modelId)));
  }
  return model;
}

function createLanguageModel(connection: ProviderConnection, modelId: string): LanguageModel {
  const baseURL = apiRoot(connection);
  const apiKey = connection.apiKey ?? '';
  switch (connection.kind) {
    case 'openai':
      // Chat Completions rather than Responses: every OpenAI-compatible proxy speaks it too.
      return createOpenAI({ baseURL, apiKey, fetch: providerFetch }).chat(modelId);
    case 'anthropic':
      return createAnthropic({ baseURL, apiKey, fetch: providerFetch }).messages(modelId);
    case 'google':
      return createGoogleGenerativeAI({ baseURL, apiKey, fetch: providerFetch }).languageModel(modelId);
    case 'openai-compatible':
    case 'ollama':
      return createOpenAICompatible({
        name: connection.name,
        baseURL,
        apiKey: connection.apiKey ?? undefined,
        includeUsage: true,
        fetch: providerFetch,
      }).chatModel(modelId);
  }
}

/** Anthropic has no embeddings API; every other kind offers one. */
export function offersEmbeddings(kind: ProviderKind): boolean {
  return kind !== 'anthropic';
}

/** An AI SDK embedding model for a stored provider (made per call: embeddings are not on the hot path). */
export function embeddingModel(connection: ProviderConnection, modelId: string): EmbeddingModel {
  const baseURL = apiRoot(connection);
  const apiKey = connection.apiKey ?? '';
  switch (connection.kind) {
    case 'openai':
      return createOpenAI({ baseURL, apiKey, fetch: providerFetch }).embedding(modelId);
    case 'google':
      return createGoogleGenerativeAI({ baseURL, apiKey, fetch: providerFetch }).embedding(modelId);
    case 'openai-compatible':
    case 'ollama':
      return createOpenAICompatible({
        name: connection.name,
        baseURL,
        apiKey: connection.apiKey ?? undefined,
        fetch: providerFetch,
      }).embeddingModel(modelId);
    case 'anthropic':
      throw new Error(`Provider "${connection.name}" (Anthropic) offers no embeddings`);
  }
}
