/**
 * Checks caller-supplied values against a prompt's declared variables before rendering:
 * defaults fill the gaps, required ones must be present, declared types must match.
 */
import { ErrorCode, VariableType } from '@promptops/shared';
import type { DiscoveredVariable } from './variables';
import { isPlainObject } from './python';

export interface VariableMeta {
  name: string;
  type: VariableType;
  /** Absent means required: rendering is strict, so a declared variable without default must be given. */
  required?: boolean;
  default?: unknown;
  description?: string;
  choices?: string[];
}

export interface VariableIssue {
  name: string;
  code: typeof ErrorCode.MISSING_VARIABLE | typeof ErrorCode.INVALID_VARIABLE;
  message: string;
}

function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (isPlainObject(value)) return Object.values(value).every((item) => isJsonValue(item, depth + 1));
  return false;
}

/** Why `value` does not fit `meta`, or undefined when it does. */
function typeProblem(meta: VariableMeta, value: unknown): string | undefined {
  switch (meta.type) {
    case VariableType.STRING:
    case VariableType.TEXT:
      return typeof value === 'string' ? undefined : 'expected a string';
    case VariableType.INT:
      return typeof value === 'number' && Number.isInteger(value) ? undefined : 'expected an integer';
    case VariableType.FLOAT:
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'expected a number';
    case VariableType.BOOL:
      return typeof value === 'boolean' ? undefined : 'expected true or false';
    case VariableType.CHOICE: {
      const choices = meta.choices ?? [];
      return typeof value === 'string' && choices.includes(value)
        ? undefined
        : `expected one of: ${choices.join(', ')}`;
    }
    case VariableType.LIST:
      return Array.isArray(value) ? undefined : 'expected a list';
    case VariableType.JSON:
      return isJsonValue(value) ? undefined : 'expected a JSON value';
    default:
      return `unknown variable type '${String(meta.type)}'`;
  }
}

export function validateVariables(
  meta: VariableMeta[],
  given: Record<string, unknown>,
): { values: Record<string, unknown>; issues: VariableIssue[] } {
  const values: Record<string, unknown> = { ...given };
  const issues: VariableIssue[] = [];
  for (const variable of meta) {
    const { name } = variable;
    let value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined && variable.default !== undefined) {
      value = variable.default;
      values[name] = value;
    }
    if (value === undefined) {
      if (variable.required !== false) {
        issues.push({ name, code: ErrorCode.MISSING_VARIABLE, message: `Missing variable: {{${name}}}` });
      }
      continue;
    }
    const problem = typeProblem(variable, value);
    if (problem)
      issues.push({ name, code: ErrorCode.INVALID_VARIABLE, message: `Invalid variable {{${name}}}: ${problem}` });
  }
  return { values, issues };
}

const TYPE_BY_KIND: Record<DiscoveredVariable['kind'], VariableType> = {
  text: VariableType.STRING,
  list: VariableType.LIST,
  object: VariableType.JSON,
  boolean: VariableType.BOOL,
};

/** Keeps every existing entry as it is and appends the newly discovered variables with a guessed type. */
export function mergeVariablesMeta(existing: VariableMeta[], discovered: DiscoveredVariable[]): VariableMeta[] {
  const known = new Set(existing.map((m) => m.name));
  const added = discovered
    .filter((v) => !known.has(v.name))
    .map((v): VariableMeta => ({ name: v.name, type: TYPE_BY_KIND[v.kind], required: v.required }));
  return [...existing, ...added];
}
