import { deleteAlertRuleMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useDeleteAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    ...deleteAlertRuleMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listAlertRules', 'getAlertRule']),
  });
}
