import type { ListPlaygroundRunsData } from '@promptops/api-client';
import { listPlaygroundRunsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { refetchWhileRunning } from '../../runs';

export function usePlaygroundRuns(query: ListPlaygroundRunsData['query'], options: { enabled?: boolean } = {}) {
  return useQuery({
    ...listPlaygroundRunsOptions({ query }),
    placeholderData: keepPreviousData,
    enabled: options.enabled,
    refetchInterval: (q) => refetchWhileRunning(q.state.data),
  });
}
