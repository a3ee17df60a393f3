import type { QueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

/** Everything a new version of a dataset changes: its items, versions, counts and the list. */
export function invalidateDataset(queryClient: QueryClient, name?: string) {
  return invalidateOperations(
    queryClient,
    ['listDatasets', 'getDataset', 'listDatasetVersions', 'listDatasetItems', 'listDatasetVariables'],
    name,
  );
}
