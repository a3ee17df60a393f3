import { createEnvironmentMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

/** A new environment also appears on every prompt's Deployments tab. */
export function useCreateEnvironment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createEnvironmentMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listEnvironments', 'listDeployments']),
  });
}
