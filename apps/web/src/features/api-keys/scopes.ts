import type { ApiKeyResponseDto } from '@promptops/api-client';

export type ApiKeyScope = ApiKeyResponseDto['scopes'][number];

/** In the order the console lists them. */
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['run', 'render', 'read'];

export const scopeColors: Record<ApiKeyScope, string> = { run: 'purple', render: 'blue', read: 'cyan' };
