import type { ListExperimentsData } from '@promptops/api-client';
import { listExperimentsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { isUnderWay } from '../experiment-status';

/** Experiments newest first; refreshed every few seconds while one of the page is under way. */
export function useExperiments(query: ListExperimentsData['query']) {
  return useQuery({
    ...listExperimentsOptions({ query }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.items.some((e) => isUnderWay(e.status)) ? 3000 : false),
  });
}
