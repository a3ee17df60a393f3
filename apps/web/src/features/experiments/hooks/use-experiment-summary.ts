import { getExperimentSummaryOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** While `live` (the experiment runs), refreshed every few seconds: results keep coming in. */
export function useExperimentSummary(id: number, { live = false } = {}) {
  return useQuery({
    ...getExperimentSummaryOptions({ path: { id } }),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 5000 : false,
  });
}
