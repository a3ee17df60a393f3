/** OpenAPI schema for "any JSON value", so generated clients do not narrow it to an object. */
export const ANY_JSON_SCHEMA = {
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
  nullable: true,
};
