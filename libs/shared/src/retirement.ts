/**
 * What a deprecated prompt answers once its sunset has passed: 410 Gone (`gone`), or its
 * successor's answer in the same environment (`serve_successor`).
 */
export const AFTER_SUNSET_MODES = ['gone', 'serve_successor'] as const;
export type AfterSunset = (typeof AFTER_SUNSET_MODES)[number];

/** How far back `GET /api/v1/prompts/{name}/callers` may look, in days. */
export const CALLERS_MAX_DAYS = 90;
