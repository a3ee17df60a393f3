/** What an alert rule measures over its window of a prompt's runs. */
export const ALERT_METRICS = ['error_rate', 'p95_latency_ms', 'cost_per_hour_usd', 'requests'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const ALERT_COMPARATORS = ['>', '<'] as const;
export type AlertComparator = (typeof ALERT_COMPARATORS)[number];

/** `firing` from the check that found the condition true until the first that finds it false. */
export const ALERT_STATES = ['ok', 'firing'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const ALERT_EVENT_KINDS = ['fired', 'resolved', 'guardrail', 'test'] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/** `none`: there was no webhook to post to (a guardrail on a prompt without rules). */
export const ALERT_DELIVERY_STATUSES = ['delivered', 'failed', 'none'] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];
