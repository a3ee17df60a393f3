import { createFlowVersionMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreateFlowVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createFlowVersionMutation(),
    onSuccess: (_data, { path }) =>
      invalidateOperations(
        queryClient,
        ['listFlows', 'listPrompts', 'getFlow', 'getPrompt', 'listPromptVersions'],
        path.name,
      ),
  });
}
