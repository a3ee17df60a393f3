import { updateEnvironmentMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useUpdateEnvironment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...updateEnvironmentMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listEnvironments', 'listDeployments', 'getDeployment']),
  });
}
