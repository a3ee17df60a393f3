import { PROMPT_NAME_SOURCE } from '@promptops/shared';

const SERVING_PATH = new RegExp(
  `^/api/v1/(?:prompts/(${PROMPT_NAME_SOURCE})/render|run/(${PROMPT_NAME_SOURCE}))(?:\\?|$)`,
);

/** A serving call the fast path can answer: which prompt, and render or run. */
export interface ServingRoute {
  name: string;
  action: 'render' | 'run';
}

/**
 * `POST /api/v1/prompts/{name}/render` or `POST /api/v1/run/{name}`, or null: the path is
 * another one, or the name is not one the API accepts (those requests are left to Fastify and Nest).
 */
export function matchServingRoute(url: string): ServingRoute | null {
  const match = SERVING_PATH.exec(url);
  if (!match) return null;
  return match[1] ? { name: match[1], action: 'render' } : { name: match[2], action: 'run' };
}
