import { testAlertRuleMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

/** Posts a test message; the history gains it. */
export function useTestAlertRule() {
  const queryClient = useQueryClient();
  return useMutation({
    ...testAlertRuleMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listAlertEvents']),
  });
}
