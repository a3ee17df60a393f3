import { testProviderMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation } from '@tanstack/react-query';

/** Tries the connection; changes nothing, so nothing to invalidate. */
export function useTestProvider() {
  return useMutation(testProviderMutation());
}
