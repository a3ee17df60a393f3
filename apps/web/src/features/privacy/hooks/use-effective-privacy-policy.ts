import { getEffectivePrivacyPolicyOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** What applies to a prompt's runs from an environment (or, without one, the prompt over the default). */
export function useEffectivePrivacyPolicy(name: string | undefined, environment?: string) {
  return useQuery({
    ...getEffectivePrivacyPolicyOptions({ path: { name: name ?? '' }, query: environment ? { environment } : {} }),
    enabled: Boolean(name),
  });
}
