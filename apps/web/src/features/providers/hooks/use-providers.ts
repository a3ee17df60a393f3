import { listProvidersOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useProviders() {
  return useQuery({ ...listProvidersOptions(), select: (data) => data.items });
}
