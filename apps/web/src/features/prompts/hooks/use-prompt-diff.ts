import { diffPromptVersionsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function usePromptDiff(name: string, from: number | undefined, to: number | undefined) {
  return useQuery({
    ...diffPromptVersionsOptions({ path: { name }, query: { from: from ?? 0, to: to ?? 0 } }),
    enabled: from !== undefined && to !== undefined,
    staleTime: Infinity,
  });
}
