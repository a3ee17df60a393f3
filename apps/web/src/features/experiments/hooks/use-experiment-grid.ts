import type { GetExperimentGridData } from '@promptops/api-client';
import { getExperimentGridOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** While `live` (the experiment runs), refreshed every few seconds: results keep coming in. */
export function useExperimentGrid(
  id: number,
  query: GetExperimentGridData['query'],
  { enabled = true, live = false }: { enabled?: boolean; live?: boolean } = {},
) {
  return useQuery({
    ...getExperimentGridOptions({ path: { id }, query }),
    placeholderData: keepPreviousData,
    enabled,
    refetchInterval: live ? 5000 : false,
  });
}
