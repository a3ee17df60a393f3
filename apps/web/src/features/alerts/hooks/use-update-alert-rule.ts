import { updateAlertRuleMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useUpdateAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    ...updateAlertRuleMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listAlertRules', 'getAlertRule']),
  });
}
