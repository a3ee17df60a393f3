import { createAlertRuleMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createAlertRuleMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listAlertRules', 'getAlertRule']),
  });
}
