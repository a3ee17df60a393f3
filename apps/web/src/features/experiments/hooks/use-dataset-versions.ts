import { listDatasetVersionsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useDatasetVersions(name: string) {
  return useQuery(listDatasetVersionsOptions({ path: { name } }));
}
