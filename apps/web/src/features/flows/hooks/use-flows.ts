import type { ListFlowsData } from '@promptops/api-client';
import { listFlowsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export function useFlows(query: ListFlowsData['query']) {
  return useQuery({ ...listFlowsOptions({ query }), placeholderData: keepPreviousData });
}
