import type { ProviderKind } from '@promptops/shared';

/** Kinds that cannot work without a base URL: they name a server, not a vendor. */
export const NEEDS_BASE_URL: ReadonlySet<ProviderKind> = new Set(['openai-compatible', 'ollama']);

/** Kinds that usually run without a key (a local Ollama, an open LiteLLM Proxy). */
export const KEY_OPTIONAL: ReadonlySet<ProviderKind> = new Set(['openai-compatible', 'ollama']);

export const BASE_URL_PLACEHOLDER: Record<ProviderKind, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
  google: 'https://generativelanguage.googleapis.com/v1beta',
  'openai-compatible': 'http://litellm:4000/v1',
  ollama: 'http://127.0.0.1:11434',
};

export const KIND_COLORS: Record<ProviderKind, string> = {
  openai: 'green',
  anthropic: 'orange',
  google: 'blue',
  'openai-compatible': 'purple',
  ollama: 'cyan',
};
