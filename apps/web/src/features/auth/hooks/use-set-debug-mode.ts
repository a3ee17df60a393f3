import { getCurrentUserQueryKey, setDebugModeMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useSetDebugMode() {
  const queryClient = useQueryClient();
  return useMutation({
    ...setDebugModeMutation(),
    onSuccess: (user) => {
      queryClient.setQueryData(getCurrentUserQueryKey(), user);
      return invalidateOperations(queryClient, ['listUsers', 'listAuditEntries']);
    },
  });
}
