import { updateDatasetMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateDataset } from './invalidate';

export function useUpdateDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    ...updateDatasetMutation(),
    onSuccess: (_data, variables) => invalidateDataset(queryClient, variables.path.name),
  });
}
