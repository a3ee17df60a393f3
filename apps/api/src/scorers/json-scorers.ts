import { ErrorCode } from '@promptops/shared';
import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ConfigReader, isMissing, NO_EXPECTED, ScorerConfigProblem } from './scorer-config';
import type { Verdict } from './scorer.types';
import { typeName } from './text-scorers';

/** Errors listed in a reason; the rest are counted. */
const MAX_LISTED_ERRORS = 3;

/** The JSON in an output: the first ```json (or bare ```) block when there is one, else the whole output. */
export function extractJson(output: string): string {
  const fenced = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/.exec(output);
  return (fenced ? fenced[1] : output).trim();
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonOutput(output: string): Parsed {
  const text = extractJson(output);
  if (text === '') return { ok: false, message: 'the output is empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${(error as Error).message}` };
  }
}

export function jsonValidConfig(config: Record<string, unknown>): Record<string, never> {
  new ConfigReader(config, []);
  return {};
}

export function jsonValid(output: string): Verdict {
  const parsed = parseJsonOutput(output);
  return parsed.ok
    ? { score: 1, reason: `valid JSON (${typeName(parsed.value)})` }
    : { score: 0, reason: parsed.message };
}

export interface JsonSchemaConfig {
  /** JSON Schema 2020-12; when absent, each item's expected value is its schema. */
  schema?: Record<string, unknown>;
}

/** One validator for the process: compiled schemas are kept by it, keyed by the schema. */
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

export function jsonSchemaConfig(config: Record<string, unknown>): JsonSchemaConfig {
  const read = new ConfigReader(config, ['schema']);
  const schema = read.raw('schema');
  if (schema === undefined) return {};
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new ScorerConfigProblem('schema', 'must be a JSON Schema object', ErrorCode.SCORER_SCHEMA_INVALID);
  }
  const compiled = compileSchema(schema);
  if ('error' in compiled) throw new ScorerConfigProblem('schema', compiled.error, ErrorCode.SCORER_SCHEMA_INVALID);
  return { schema: schema as Record<string, unknown> };
}

/**
 * A validator for a schema. Ajv caches compiled schemas by their serialised form, so items
 * that share a schema in `expected` compile it once.
 */
export function compileSchema(schema: unknown): { validate: ValidateFunction } | { error: string } {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { error: `a JSON Schema must be an object, not ${typeName(schema)}` };
  }
  try {
    return { validate: ajv.compile(schema) };
  } catch (error) {
    return { error: `is not a valid JSON Schema 2020-12: ${(error as Error).message}` };
  }
}

/** The output (or its ```json block) is JSON that the schema accepts. */
export function jsonSchema(config: JsonSchemaConfig, output: string, expected: unknown): Verdict {
  let schema: unknown = config.schema;
  if (schema === undefined) {
    if (isMissing(expected)) return { error: `${NO_EXPECTED} (no schema in the scorer's config either)` };
    schema = expected;
  }
  const compiled = compileSchema(schema);
  if ('error' in compiled) return { error: `the expected value ${compiled.error}` };
  const parsed = parseJsonOutput(output);
  if (!parsed.ok) return { score: 0, reason: parsed.message };
  if (compiled.validate(parsed.value)) return { score: 1, reason: 'matches the schema' };
  const errors = compiled.validate.errors ?? [];
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map(describe);
  const more = errors.length > MAX_LISTED_ERRORS ? ` (and ${errors.length - MAX_LISTED_ERRORS} more)` : '';
  return { score: 0, reason: `${listed.join('; ')}${more}` };
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  return `${where} ${error.message ?? error.keyword}`;
}
