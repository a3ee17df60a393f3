import { getPromptVersionOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** One version's template, variables and model settings; versions never change, so cache them for good. */
export function usePromptVersion(name: string, version: number | undefined) {
  return useQuery({
    ...getPromptVersionOptions({ path: { name, version: version ?? 0 } }),
    enabled: version !== undefined,
    staleTime: Infinity,
  });
}
