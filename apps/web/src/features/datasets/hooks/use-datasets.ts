import type { ListDatasetsData } from '@promptops/api-client';
import { listDatasetsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export function useDatasets(query: ListDatasetsData['query'], { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...listDatasetsOptions({ query }), placeholderData: keepPreviousData, enabled });
}
