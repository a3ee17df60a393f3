import { updateUserMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    ...updateUserMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listUsers', 'listAuditEntries', 'getCurrentUser']),
  });
}
