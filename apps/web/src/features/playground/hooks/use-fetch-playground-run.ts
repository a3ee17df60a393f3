import type { RunResponseDto } from '@promptops/api-client';
import { getPlaygroundRunOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';

/** Reads one logged run on demand (from the cache when it is there), e.g. to load its inputs into the form. */
export function useFetchPlaygroundRun(): (id: number) => Promise<RunResponseDto> {
  const queryClient = useQueryClient();
  return useCallback((id) => queryClient.fetchQuery(getPlaygroundRunOptions({ path: { id } })), [queryClient]);
}
