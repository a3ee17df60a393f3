import { resetUserPasswordMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useResetUserPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    ...resetUserPasswordMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listUsers', 'listAuditEntries']),
  });
}
