import { cancelExperimentMutation, getExperimentQueryKey } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCancelExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...cancelExperimentMutation(),
    onSuccess: (experiment) => {
      queryClient.setQueryData(getExperimentQueryKey({ path: { id: experiment.id } }), experiment);
      return invalidateOperations(queryClient, ['listExperiments', 'getExperimentSummary', 'getExperimentGrid']);
    },
  });
}
