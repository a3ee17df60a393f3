/** What a service credential may call: run a model, render a template, read resolved prompts, run experiments (CI gates). */
export const API_KEY_SCOPES = ['run', 'render', 'read', 'eval'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
