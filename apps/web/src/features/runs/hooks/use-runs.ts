import type { ListRunsData } from '@promptops/api-client';
import { listRunsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { refetchWhileRunning } from '../run-rows';

/** The run log: every model call (Playground, run API, webhooks), filtered as the page asks. */
export function useRuns(query: ListRunsData['query']) {
  return useQuery({
    ...listRunsOptions({ query }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => refetchWhileRunning(q.state.data),
  });
}
