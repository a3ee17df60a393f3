import { getActiveRolloutOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';
import { ROLLOUT_REFRESH_MS } from './rollout-queries';

/** The running or paused rollout of a deployment (null when none); refreshed, as the guardrails may pause it. */
export function useActiveRollout(name: string, environment: string) {
  return useQuery({
    ...getActiveRolloutOptions({ path: { name, environment } }),
    refetchInterval: (query) => (query.state.data?.rollout ? ROLLOUT_REFRESH_MS : false),
  });
}
