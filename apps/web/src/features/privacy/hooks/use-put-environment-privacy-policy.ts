import { putEnvironmentPrivacyPolicyMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function usePutEnvironmentPrivacyPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    ...putEnvironmentPrivacyPolicyMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['getEnvironmentPrivacyPolicy', 'getEffectivePrivacyPolicy']),
  });
}
