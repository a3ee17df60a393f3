/** The kinds of model provider the gateway can call. */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'google', 'openai-compatible', 'ollama'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
