import { renderPromptMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation } from '@tanstack/react-query';

/** The server's authoritative render of a saved version; reads only, so nothing to invalidate. */
export function useRenderPrompt() {
  return useMutation(renderPromptMutation());
}
