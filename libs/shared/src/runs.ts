/** Where a logged model call came from; `experiment` covers variant runs and judge calls alike. */
export const RUN_SOURCES = ['playground', 'api', 'webhook', 'flow', 'experiment'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];
