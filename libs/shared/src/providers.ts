/** The kinds of model provider the gateway can call. */
export const PROVIDER_KINDS = ['openai', 'anthropic', 'google', 'openai-compatible', 'ollama'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * Why a version's model settings cannot run as they stand (rendering still works):
 * - `NO_MODEL`: modelConfig names no provider or no model (fine for render-only prompts);
 * - `UNKNOWN_PROVIDER`: the provider it names does not exist (any more);
 * - `PROVIDER_DISABLED`: the provider exists but is disabled;
 * - `MODEL_NOT_OFFERED`: the provider lists its models and this one is not among them.
 */
export const RUN_ISSUE_CODES = ['NO_MODEL', 'UNKNOWN_PROVIDER', 'PROVIDER_DISABLED', 'MODEL_NOT_OFFERED'] as const;
export type RunIssueCode = (typeof RUN_ISSUE_CODES)[number];
