import { getCurrentUserOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useCurrentUser() {
  return useQuery({ ...getCurrentUserOptions(), staleTime: 5 * 60_000 });
}
