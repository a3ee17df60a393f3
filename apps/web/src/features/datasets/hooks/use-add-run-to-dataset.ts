import { addDatasetItemFromRunMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateDataset } from './invalidate';

export function useAddRunToDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    ...addDatasetItemFromRunMutation(),
    onSuccess: (_data, variables) => invalidateDataset(queryClient, variables.path.name),
  });
}
