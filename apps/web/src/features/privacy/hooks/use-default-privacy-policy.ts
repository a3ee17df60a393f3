import { getDefaultPrivacyPolicyOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useDefaultPrivacyPolicy() {
  return useQuery(getDefaultPrivacyPolicyOptions());
}
