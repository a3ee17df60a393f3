import type { ListRunsData } from '@promptops/api-client';
import { listRunsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** The run log: every model call (Playground, run API, webhooks), filtered as the page asks. */
export function useRuns(query: ListRunsData['query']) {
  return useQuery({
    ...listRunsOptions({ query }),
    placeholderData: keepPreviousData,
    // A streamed run is logged as `running` first; look again until none is.
    refetchInterval: (q) => (q.state.data?.items.some((run) => run.status === 'running') ? 2000 : false),
  });
}
