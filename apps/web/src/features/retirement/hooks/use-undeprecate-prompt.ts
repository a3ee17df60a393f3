import { undeprecatePromptMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';
import { RETIREMENT_QUERIES } from './use-deprecate-prompt';

export function useUndeprecatePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    ...undeprecatePromptMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, RETIREMENT_QUERIES, path.name),
  });
}
