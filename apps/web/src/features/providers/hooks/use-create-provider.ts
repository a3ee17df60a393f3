import { createProviderMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateProvider() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createProviderMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listProviders', 'getProvider']),
  });
}
