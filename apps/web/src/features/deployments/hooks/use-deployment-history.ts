import { listDeploymentHistoryOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useDeploymentHistory(name: string, environment: string) {
  return useQuery(listDeploymentHistoryOptions({ path: { name, environment } }));
}
