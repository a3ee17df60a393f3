import { updateProviderMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useUpdateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    ...updateProviderMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listProviders', 'getProvider']),
  });
}
