import { createFlowMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateFlow() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createFlowMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listFlows', 'listPrompts']),
  });
}
