import type { GetMetricDimensionsData } from '@promptops/api-client';
import { getMetricDimensionsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** The prompts, environments, models and providers seen in a range: the dashboard's filter choices. */
export function useMetricDimensions(query: GetMetricDimensionsData['query']) {
  return useQuery({
    ...getMetricDimensionsOptions({ query }),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
