import { createExperimentMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createExperimentMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listExperiments']),
  });
}
