import { clonePromptVersionMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useClonePromptVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    ...clonePromptVersionMutation(),
    onSuccess: (_data, { path }) =>
      invalidateOperations(
        queryClient,
        ['listPrompts', 'getPrompt', 'listPromptVersions', 'getPromptVersion'],
        path.name,
      ),
  });
}
