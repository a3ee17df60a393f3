import { deprecatePromptMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

/** What a (de)deprecation changes: the entry, the lists' tags and its history. */
export const RETIREMENT_QUERIES = ['getPrompt', 'getFlow', 'listPrompts', 'listFlows', 'listAuditEntries'];

export function useDeprecatePrompt() {
  const queryClient = useQueryClient();
  return useMutation({
    ...deprecatePromptMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, RETIREMENT_QUERIES, path.name),
  });
}
