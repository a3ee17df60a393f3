import { getPromptOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** One prompt or flow; nothing is fetched until a name is given. */
export function usePrompt(name: string | undefined) {
  return useQuery({ ...getPromptOptions({ path: { name: name ?? '' } }), enabled: Boolean(name) });
}
