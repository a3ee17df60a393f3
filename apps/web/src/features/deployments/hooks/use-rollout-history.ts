import { listRolloutHistoryOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useRolloutHistory(name: string, environment: string) {
  return useQuery(listRolloutHistoryOptions({ path: { name, environment } }));
}
