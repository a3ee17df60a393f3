import { type EstimateDto, estimatePlaygroundRun } from '@promptops/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

/**
 * The estimate is a POST that changes nothing, so the generator made it a mutation; read it as a
 * query keyed by its body instead, so typing refreshes it (debounced) and an unchanged input is
 * served from the cache.
 */
export function useEstimatePlaygroundRun(body: EstimateDto | undefined) {
  const debounced = useDebouncedValue(body, 400);
  return useQuery({
    queryKey: [{ _id: 'estimatePlaygroundRun', body: debounced }],
    queryFn: async ({ signal }) => {
      const { data } = await estimatePlaygroundRun({ body: debounced!, signal, throwOnError: true });
      return data;
    },
    enabled: debounced !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
