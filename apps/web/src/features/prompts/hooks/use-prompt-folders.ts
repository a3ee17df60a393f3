import type { ListPromptFoldersData } from '@promptops/api-client';
import { listPromptFoldersOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export function usePromptFolders(query: ListPromptFoldersData['query']) {
  return useQuery({ ...listPromptFoldersOptions({ query }), placeholderData: keepPreviousData });
}
