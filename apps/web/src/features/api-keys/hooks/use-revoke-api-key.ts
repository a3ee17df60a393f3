import { revokeApiKeyMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    ...revokeApiKeyMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listApiKeys']),
  });
}
