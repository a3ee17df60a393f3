import { deleteExperimentMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useDeleteExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...deleteExperimentMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listExperiments']),
  });
}
