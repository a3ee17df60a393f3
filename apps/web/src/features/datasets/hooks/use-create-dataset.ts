import { createDatasetMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateDataset } from './invalidate';

export function useCreateDataset() {
  const queryClient = useQueryClient();
  return useMutation({ ...createDatasetMutation(), onSuccess: () => invalidateDataset(queryClient) });
}
