import { putDefaultPrivacyPolicyMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

/** The default is under every prompt's effective policy. */
export function usePutDefaultPrivacyPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    ...putDefaultPrivacyPolicyMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['getDefaultPrivacyPolicy', 'getEffectivePrivacyPolicy']),
  });
}
