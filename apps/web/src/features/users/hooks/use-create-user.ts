import { createUserMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createUserMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listUsers', 'listAuditEntries']),
  });
}
