import { deleteDatasetMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateDataset } from './invalidate';

export function useDeleteDataset() {
  const queryClient = useQueryClient();
  return useMutation({ ...deleteDatasetMutation(), onSuccess: () => invalidateDataset(queryClient) });
}
