import { getPromptOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function usePrompt(name: string) {
  return useQuery(getPromptOptions({ path: { name } }));
}
