/** A text prompt is one template; a chat prompt is a list of role messages. */
export const PROMPT_KINDS = ['text', 'chat'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/** What a version holds: a template (`text`, `chat`) or a flow definition (`flow`, versions of a flow only). */
export const VERSION_KINDS = [...PROMPT_KINDS, 'flow'] as const;
export type VersionKind = (typeof VERSION_KINDS)[number];

export const CHAT_ROLES = ['system', 'user', 'assistant', 'tool'] as const;
export type ChatRole = (typeof CHAT_ROLES)[number];

/** One message of a chat prompt version: its role and the template of its content. */
export interface ChatMessageTemplate {
  role: ChatRole;
  template: string;
}

/** The model settings a version carries; `provider` names a configured provider. */
export interface ModelConfig {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}

/** Columns the prompt list can be sorted by (`?sort=`); the console's table sorters use the same names. */
export const PROMPT_SORT_FIELDS = ['updatedAt', 'createdAt', 'name', 'displayName', 'folder'] as const;
export type PromptSortField = (typeof PROMPT_SORT_FIELDS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];
