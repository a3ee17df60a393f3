/** Where a logged model call came from; `experiment` covers variant runs and judge calls alike. */
export const RUN_SOURCES = ['playground', 'api', 'webhook', 'flow', 'experiment'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

/** A run is one model call, or a flow run whose steps are model calls linked to it. */
export const RUN_KINDS = ['model', 'flow'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
