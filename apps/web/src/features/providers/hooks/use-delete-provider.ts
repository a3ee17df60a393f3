import { deleteProviderMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useDeleteProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    ...deleteProviderMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listProviders', 'getProvider']),
  });
}
