import { listAlertRulesOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** Alert rules with their state; refreshed every half minute, as checks move them. */
export function useAlertRules() {
  return useQuery({ ...listAlertRulesOptions(), refetchInterval: 30_000 });
}
