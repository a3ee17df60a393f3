import { getExperimentQueryKey, resumeExperimentMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useResumeExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...resumeExperimentMutation(),
    onSuccess: (experiment) => {
      queryClient.setQueryData(getExperimentQueryKey({ path: { id: experiment.id } }), experiment);
      return invalidateOperations(queryClient, ['listExperiments']);
    },
  });
}
