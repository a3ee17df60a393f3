import { rollbackDeploymentMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';
import { DEPLOYMENT_QUERIES } from './deployment-queries';

export function useRollbackDeployment() {
  const queryClient = useQueryClient();
  return useMutation({
    ...rollbackDeploymentMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, DEPLOYMENT_QUERIES, path.name),
  });
}
