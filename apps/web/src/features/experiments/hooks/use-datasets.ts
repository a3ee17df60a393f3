import type { ListDatasetsData } from '@promptops/api-client';
import { listDatasetsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** Datasets to pick from. (The Datasets feature has its own; this one keeps the form self-contained until they meet.) */
export function useDatasets(query: ListDatasetsData['query']) {
  return useQuery({ ...listDatasetsOptions({ query }), placeholderData: keepPreviousData });
}
