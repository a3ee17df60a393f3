import type { GetMetricsOverviewData } from '@promptops/api-client';
import { getMetricsOverviewOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** The dashboard's numbers; refreshed every minute, as often as the rollups change. */
export function useMetricsOverview(query: GetMetricsOverviewData['query']) {
  return useQuery({
    ...getMetricsOverviewOptions({ query }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
