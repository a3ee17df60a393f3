import type { ListDatasetItemsData } from '@promptops/api-client';
import { listDatasetItemsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export function useDatasetItems(
  name: string,
  query: ListDatasetItemsData['query'],
  { enabled = true }: { enabled?: boolean } = {},
) {
  return useQuery({
    ...listDatasetItemsOptions({ path: { name }, query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}
