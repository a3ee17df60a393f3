import { createPromptVersionMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreatePromptVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createPromptVersionMutation(),
    onSuccess: (_data, { path }) =>
      invalidateOperations(queryClient, ['listPrompts', 'getPrompt', 'listPromptVersions'], path.name),
  });
}
