import { listUsersOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useUsers() {
  return useQuery(listUsersOptions());
}
