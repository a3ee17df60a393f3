import { listEnvironmentsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useEnvironments() {
  return useQuery({ ...listEnvironmentsOptions(), staleTime: 60_000 });
}
