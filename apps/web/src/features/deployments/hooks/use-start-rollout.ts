import { startRolloutMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';
import { ROLLOUT_QUERIES } from './rollout-queries';

export function useStartRollout() {
  const queryClient = useQueryClient();
  return useMutation({
    ...startRolloutMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, ROLLOUT_QUERIES, path.name),
  });
}
