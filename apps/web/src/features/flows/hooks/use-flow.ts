import { getFlowOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useFlow(name: string) {
  return useQuery(getFlowOptions({ path: { name } }));
}
