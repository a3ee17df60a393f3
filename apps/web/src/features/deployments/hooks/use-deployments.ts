import { listDeploymentsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** Every environment with what it serves of this prompt. */
export function useDeployments(name: string) {
  return useQuery(listDeploymentsOptions({ path: { name } }));
}
