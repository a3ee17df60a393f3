import { listApiKeysOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useApiKeys() {
  return useQuery(listApiKeysOptions());
}
