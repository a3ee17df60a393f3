import { getPromptPrivacyPolicyOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function usePromptPrivacyPolicy(name: string) {
  return useQuery(getPromptPrivacyPolicyOptions({ path: { name } }));
}
