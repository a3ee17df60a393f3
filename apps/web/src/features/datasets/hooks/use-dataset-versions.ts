import { listDatasetVersionsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useDatasetVersions(name: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...listDatasetVersionsOptions({ path: { name } }), enabled });
}
