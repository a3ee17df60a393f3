import { disablePromptMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useDisablePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    ...disablePromptMutation(),
    onSuccess: (_data, { path }) =>
      invalidateOperations(queryClient, ['listPrompts', 'listPromptFolders', 'getPrompt'], path.name),
  });
}
