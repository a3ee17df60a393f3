import { listPromptVersionsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function usePromptVersions(name: string) {
  return useQuery(listPromptVersionsOptions({ path: { name } }));
}
