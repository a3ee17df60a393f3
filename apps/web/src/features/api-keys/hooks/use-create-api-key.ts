import { createApiKeyMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createApiKeyMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listApiKeys']),
  });
}
