import type { ListPromptsData } from '@promptops/api-client';
import { listPromptsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** `enabled: false` holds the request, e.g. while the command palette is closed. */
export function usePrompts(query: ListPromptsData['query'], { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...listPromptsOptions({ query }), placeholderData: keepPreviousData, enabled });
}
