/**
 * The builder spec: a prompt version written as a structured form instead of a template. It is
 * stored on the immutable version beside the template compiled from it (see `compileBuilderSpec`).
 *
 * Text fields (`role`, `task`, `context`, `constraints`, `outputFormat.text`) are Jinja2: users
 * write `{{ name }}` in them and the compiler copies them unchanged. Examples are literal sample
 * values (often drawn from a dataset), so the compiler protects any Jinja delimiters in them.
 */
import type { VariableMeta } from '../validate';

export type BuilderProfile = 'markdown' | 'xml';

export const BUILDER_PROFILES: readonly BuilderProfile[] = ['markdown', 'xml'];

export type BuilderOutputFormat =
  { kind: 'text'; text: string } | { kind: 'json_schema'; schema: Record<string, unknown> };

/** One few-shot example: the variables' values as input, and the expected answer. */
export interface BuilderExample {
  input: Record<string, unknown>;
  output: string;
}

/** Where the examples were picked from, recorded for provenance; the compiler does not read it. */
export interface BuilderDatasetRef {
  name: string;
  version: number;
}

export interface BuilderSpec {
  /** Who the model is; the system message of a chat version. */
  role?: string;
  task: string;
  context?: string;
  constraints: string[];
  outputFormat: BuilderOutputFormat;
  examples: BuilderExample[];
  datasetRef?: BuilderDatasetRef;
  /** Typed declarations, like a version's `variablesMeta` (they become it). */
  variables: VariableMeta[];
  profile: BuilderProfile;
}

/** The spec fields a diff compares one by one, in display order. */
export const BUILDER_SPEC_FIELDS = [
  'role',
  'task',
  'context',
  'constraints',
  'outputFormat',
  'examples',
  'datasetRef',
  'variables',
  'profile',
] as const;

/** An empty spec for a new builder version. */
export function emptyBuilderSpec(profile: BuilderProfile = 'markdown'): BuilderSpec {
  return { task: '', constraints: [], outputFormat: { kind: 'text', text: '' }, examples: [], variables: [], profile };
}
