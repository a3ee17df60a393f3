import { changeDatasetItemsMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateDataset } from './invalidate';

/** Adds, updates and removes items: one new version. */
export function useChangeDatasetItems(name: string) {
  const queryClient = useQueryClient();
  return useMutation({ ...changeDatasetItemsMutation(), onSuccess: () => invalidateDataset(queryClient, name) });
}
