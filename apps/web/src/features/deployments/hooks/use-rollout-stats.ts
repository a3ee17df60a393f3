import { getRolloutStatsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';
import { ROLLOUT_REFRESH_MS } from './rollout-queries';

/** Live stats of the active rollout (or of a past one by id), refreshed every few seconds while it runs. */
export function useRolloutStats(name: string, environment: string, options: { id?: number; live: boolean }) {
  return useQuery({
    ...getRolloutStatsOptions({ path: { name, environment }, query: options.id ? { id: options.id } : undefined }),
    refetchInterval: options.live ? ROLLOUT_REFRESH_MS : false,
  });
}
