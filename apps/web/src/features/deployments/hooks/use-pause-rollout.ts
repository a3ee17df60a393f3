import { pauseRolloutMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';
import { ROLLOUT_QUERIES } from './rollout-queries';

export function usePauseRollout() {
  const queryClient = useQueryClient();
  return useMutation({
    ...pauseRolloutMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, ROLLOUT_QUERIES, path.name),
  });
}
