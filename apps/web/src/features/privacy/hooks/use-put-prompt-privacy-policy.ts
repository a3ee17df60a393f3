import { putPromptPrivacyPolicyMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function usePutPromptPrivacyPolicy(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    ...putPromptPrivacyPolicyMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['getPromptPrivacyPolicy', 'getEffectivePrivacyPolicy'], name),
  });
}
