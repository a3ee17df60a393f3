import { listPromptCallersOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** The API keys and other callers that ran the prompt in the last `days` days. */
export function usePromptCallers(name: string, days = 7) {
  return useQuery(listPromptCallersOptions({ path: { name }, query: { days } }));
}
