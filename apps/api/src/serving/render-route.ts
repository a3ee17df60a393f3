import { PROMPT_NAME_SOURCE } from '@promptops/shared';

const RENDER_PATH = new RegExp(`^/api/v1/prompts/(${PROMPT_NAME_SOURCE})/render(?:\\?|$)`);

/**
 * The prompt name in a `POST /api/v1/prompts/{name}/render` URL, or null: the path is another
 * one, or the name is not one the API accepts (those requests are left to Fastify and Nest).
 */
export function matchRenderRoute(url: string): string | null {
  return RENDER_PATH.exec(url)?.[1] ?? null;
}
