import { getEnvironmentPrivacyPolicyOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function useEnvironmentPrivacyPolicy(environment: string | undefined) {
  return useQuery({
    ...getEnvironmentPrivacyPolicyOptions({ path: { environment: environment ?? '' } }),
    enabled: Boolean(environment),
  });
}
