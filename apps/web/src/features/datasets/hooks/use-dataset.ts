import { getDatasetOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useDataset(name: string) {
  return useQuery(getDatasetOptions({ path: { name } }));
}
