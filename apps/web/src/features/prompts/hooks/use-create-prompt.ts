import { createPromptMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useCreatePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    ...createPromptMutation(),
    onSuccess: () => invalidateOperations(queryClient, ['listPrompts', 'listPromptFolders']),
  });
}
