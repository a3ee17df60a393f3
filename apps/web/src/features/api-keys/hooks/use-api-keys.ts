import { listApiKeysOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** The API keys; `enabled: false` for a user who may not list them (the call would be refused). */
export function useApiKeys(enabled = true) {
  return useQuery({ ...listApiKeysOptions(), enabled });
}
