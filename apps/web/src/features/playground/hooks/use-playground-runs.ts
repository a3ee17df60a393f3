import type { ListPlaygroundRunsData } from '@promptops/api-client';
import { listPlaygroundRunsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export function usePlaygroundRuns(query: ListPlaygroundRunsData['query'], options: { enabled?: boolean } = {}) {
  return useQuery({
    ...listPlaygroundRunsOptions({ query }),
    placeholderData: keepPreviousData,
    enabled: options.enabled,
    // A streamed run is logged as `running` first; look again until none is.
    refetchInterval: (q) => (q.state.data?.items.some((run) => run.status === 'running') ? 2000 : false),
  });
}
