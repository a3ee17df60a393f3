import { getFlowVersionOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** A saved version's definition; `undefined` holds the request (the editor shows the latest). */
export function useFlowVersion(name: string, version: number | undefined) {
  return useQuery({
    ...getFlowVersionOptions({ path: { name, version: version ?? 0 } }),
    enabled: version !== undefined,
    // Versions never change once saved.
    staleTime: Infinity,
  });
}
