import type { GetPromptMetricsData } from '@promptops/api-client';
import { getPromptMetricsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** A prompt's numbers per version, for its Metrics tab. */
export function usePromptMetrics(name: string, query: GetPromptMetricsData['query']) {
  return useQuery({
    ...getPromptMetricsOptions({ path: { name }, query }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}
