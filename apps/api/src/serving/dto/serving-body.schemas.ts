/**
 * JSON schemas for the hot serving bodies. Fastify validates them with compiled ajv before the
 * handler runs, which costs a microsecond where class-validator costs about a hundred; the DTOs
 * beside them still document the bodies in OpenAPI, and a test keeps both in step.
 */
/**
 * How request bodies are validated against route schemas (Fastify's ajv, and the serving fast
 * path's): strictly, like the class-validator DTOs — no coercion, no silently dropped
 * properties, every problem reported.
 */
export const SERVING_AJV_OPTIONS = {
  coerceTypes: false,
  removeAdditional: false,
  allErrors: true,
  useDefaults: false,
} as const;

const RENDER_PROPERTIES = {
  variables: { type: 'object' },
  version: { type: 'integer', minimum: 1 },
  environment: { type: 'string', maxLength: 64 },
  userId: { type: 'string', maxLength: 191 },
  subjectKey: { type: 'string', maxLength: 191 },
} as const;

export const RENDER_PROMPT_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: RENDER_PROPERTIES,
} as const;

export const RUN_PROMPT_BODY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { ...RENDER_PROPERTIES, stream: { type: 'boolean' } },
} as const;

/** What the schemas above let through. */
export interface ServingBody {
  variables?: Record<string, unknown>;
  version?: number;
  environment?: string;
  userId?: string;
  subjectKey?: string;
  stream?: boolean;
}
