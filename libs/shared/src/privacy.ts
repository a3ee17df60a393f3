/** Kinds of personal data the redactor recognizes out of the box; custom recognizers add their own names. */
export const PII_ENTITY_TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'CN_RESIDENT_ID'] as const;
export type PiiEntityType = (typeof PII_ENTITY_TYPES)[number];

/**
 * What a policy does with an entity type before text reaches a model: leave it, replace it with
 * `<EMAIL>`, replace it with `<EMAIL_1>` and restore the original in the answer, or refuse the
 * request (422 naming the types found, never the values).
 */
export const PII_ACTIONS = ['off', 'mask', 'tokenize', 'block'] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];
