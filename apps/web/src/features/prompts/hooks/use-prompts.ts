import type { ListPromptsData } from '@promptops/api-client';
import { listPromptsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export function usePrompts(query: ListPromptsData['query']) {
  return useQuery({ ...listPromptsOptions({ query }), placeholderData: keepPreviousData });
}
