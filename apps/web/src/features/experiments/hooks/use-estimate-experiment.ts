import { type CreateExperimentDto, estimateExperiment } from '@promptops/api-client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

/**
 * The estimate is a POST that changes nothing; read it as a query keyed by the form's body, so
 * editing the form refreshes it (debounced) and an unchanged form is served from the cache.
 */
export function useEstimateExperiment(body: CreateExperimentDto | undefined) {
  const debounced = useDebouncedValue(body, 500);
  return useQuery({
    queryKey: [{ _id: 'estimateExperiment', body: debounced }],
    queryFn: async ({ signal }) => {
      const { data } = await estimateExperiment({ body: debounced!, signal, throwOnError: true });
      return data;
    },
    enabled: debounced !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
