/**
 * Prompt lint: warnings with stable codes, shown in place by the editor and returned by the
 * variables endpoint. Framework-free, so the browser and the server run the same rules.
 */
import type { ChatMessageTemplate } from '../chat';
import { TemplateSyntaxError } from '../errors';
import type { VariableMeta } from '../validate';
import { locateVariables } from '../variables';
import type { BuilderSpec } from '../builder/spec';

export const LINT_CODES = {
  TEMPLATE_SYNTAX_ERROR: 'template_syntax_error',
  UNDECLARED_VARIABLE: 'undeclared_variable',
  UNUSED_VARIABLE: 'unused_variable',
  EXAMPLE_MISSING_FIELD: 'example_missing_field',
  REQUIRED_WITH_DEFAULT: 'required_with_default',
  INVALID_JSON_SCHEMA: 'invalid_json_schema',
  /** Computed where tokens are counted (the editor's cost radar); see `contextWindowWarning`. */
  CONTEXT_WINDOW_EXCEEDED: 'context_window_exceeded',
} as const;

export type LintCode = (typeof LINT_CODES)[keyof typeof LINT_CODES];

export type LintSeverity = 'error' | 'warning' | 'info';

export interface LintWarning {
  code: LintCode;
  message: string;
  severity: LintSeverity;
  /**
   * Where: `messages.0` for a chat message; for a builder spec the field path (`task`,
   * `constraints.1`, `outputFormat.schema`, `examples.0.input`, `variables.2`).
   */
  field?: string;
  /** 1-based, within the template or the field's text. */
  line?: number;
  column?: number;
}

/** Problems of a JSON Schema as messages; empty when it is valid. The server passes ajv's meta-schema check. */
export type JsonSchemaValidator = (schema: unknown) => string[];

export interface LintOptions {
  validateJsonSchema?: JsonSchemaValidator;
}

interface FieldText {
  field?: string;
  text: string;
}

interface Usage {
  name: string;
  field?: string;
  line: number;
  column: number;
}

function usagesOf(fields: FieldText[], warnings: LintWarning[]): Usage[] | null {
  const usages: Usage[] = [];
  let broken = false;
  for (const { field, text } of fields) {
    try {
      usages.push(...locateVariables(text).map((u) => ({ ...u, field })));
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      broken = true;
      warnings.push({
        code: LINT_CODES.TEMPLATE_SYNTAX_ERROR,
        message: error.message,
        severity: 'error',
        ...(field !== undefined && { field }),
        line: error.line,
        column: error.column,
      });
    }
  }
  return broken ? null : usages;
}

function variableWarnings(usages: Usage[], declared: VariableMeta[], declaredField?: (index: number) => string) {
  const warnings: LintWarning[] = [];
  const names = new Set(declared.map((m) => m.name));
  const reported = new Set<string>();
  for (const usage of usages) {
    if (names.has(usage.name) || reported.has(usage.name)) continue;
    reported.add(usage.name);
    warnings.push({
      code: LINT_CODES.UNDECLARED_VARIABLE,
      message: `{{ ${usage.name} }} is used but not declared`,
      severity: 'warning',
      ...(usage.field !== undefined && { field: usage.field }),
      line: usage.line,
      column: usage.column,
    });
  }
  const used = new Set(usages.map((u) => u.name));
  declared.forEach((meta, index) => {
    if (used.has(meta.name)) return;
    warnings.push({
      code: LINT_CODES.UNUSED_VARIABLE,
      message: `${meta.name} is declared but never used`,
      severity: 'warning',
      ...(declaredField && { field: declaredField(index) }),
    });
  });
  return warnings;
}

function requiredWithDefault(declared: VariableMeta[], field: (index: number) => string | undefined): LintWarning[] {
  return declared.flatMap((meta, index): LintWarning[] => {
    if (meta.required !== true || meta.default === undefined) return [];
    const at = field(index);
    return [
      {
        code: LINT_CODES.REQUIRED_WITH_DEFAULT,
        message: `${meta.name} is marked required but has a default, which fills it when missing: it is never required`,
        severity: 'warning',
        ...(at !== undefined && { field: at }),
      },
    ];
  });
}

/** Lints a template (or a chat version's messages) against its declared variables. */
export function lintTemplate(
  source: string | ChatMessageTemplate[],
  variablesMeta: VariableMeta[] = [],
): LintWarning[] {
  const fields: FieldText[] =
    typeof source === 'string'
      ? [{ text: source }]
      : source.map((m, i) => ({ field: `messages.${i}`, text: m.template }));
  const warnings: LintWarning[] = [];
  const usages = usagesOf(fields, warnings);
  if (usages) warnings.push(...variableWarnings(usages, variablesMeta));
  warnings.push(...requiredWithDefault(variablesMeta, () => undefined));
  return warnings;
}

/** The spec's Jinja fields with their paths (examples are literal values, not templates). */
function specFields(spec: BuilderSpec): FieldText[] {
  const fields: FieldText[] = [];
  if (spec.role) fields.push({ field: 'role', text: spec.role });
  fields.push({ field: 'task', text: spec.task });
  if (spec.context) fields.push({ field: 'context', text: spec.context });
  spec.constraints.forEach((text, i) => fields.push({ field: `constraints.${i}`, text }));
  if (spec.outputFormat.kind === 'text') fields.push({ field: 'outputFormat.text', text: spec.outputFormat.text });
  return fields;
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A lighter structural check of a JSON Schema for where ajv is not at hand: the keywords a
 * prompt's output schema uses (`type`, `properties`, `required`, `items`, `enum`), recursively.
 */
export function checkJsonSchemaShape(schema: unknown, path = ''): string[] {
  if (typeof schema === 'boolean') return [];
  if (!isObject(schema)) return [`${path || 'schema'} must be an object or a boolean`];
  const problems: string[] = [];
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const { type, properties, required, items, enum: enumValues } = schema;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (types.length === 0 || !types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) {
      problems.push(`${at('type')} must be one of ${[...JSON_TYPES].join(', ')}`);
    }
  }
  if (properties !== undefined) {
    if (!isObject(properties)) problems.push(`${at('properties')} must be an object`);
    else
      for (const [key, value] of Object.entries(properties))
        problems.push(...checkJsonSchemaShape(value, at(`properties.${key}`)));
  }
  if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === 'string'))) {
    problems.push(`${at('required')} must be an array of strings`);
  }
  if (items !== undefined) {
    if (Array.isArray(items))
      items.forEach((item, i) => problems.push(...checkJsonSchemaShape(item, at(`items.${i}`))));
    else problems.push(...checkJsonSchemaShape(items, at('items')));
  }
  if (enumValues !== undefined && !Array.isArray(enumValues)) problems.push(`${at('enum')} must be an array`);
  return problems;
}

/** Lints a builder spec: its fields' variables, the examples, the declarations and the output schema. */
export function lintBuilderSpec(spec: BuilderSpec, options: LintOptions = {}): LintWarning[] {
  const warnings: LintWarning[] = [];
  const usages = usagesOf(specFields(spec), warnings);
  if (usages) warnings.push(...variableWarnings(usages, spec.variables, (i) => `variables.${i}`));
  spec.examples.forEach((example, i) => {
    const missing = spec.variables.filter((meta) => !Object.hasOwn(example.input, meta.name)).map((m) => m.name);
    if (missing.length === 0) return;
    warnings.push({
      code: LINT_CODES.EXAMPLE_MISSING_FIELD,
      message: `Example ${i + 1} has no value for ${missing.join(', ')}`,
      severity: 'warning',
      field: `examples.${i}.input`,
    });
  });
  warnings.push(...requiredWithDefault(spec.variables, (i) => `variables.${i}`));
  if (spec.outputFormat.kind === 'json_schema') {
    const validate = options.validateJsonSchema ?? ((schema: unknown) => checkJsonSchemaShape(schema));
    const problems = validate(spec.outputFormat.schema);
    if (problems.length > 0) {
      warnings.push({
        code: LINT_CODES.INVALID_JSON_SCHEMA,
        message: `Invalid JSON Schema: ${problems.join('; ')}`,
        severity: 'error',
        field: 'outputFormat.schema',
      });
    }
  }
  return warnings;
}

/** The warning the token counter raises when a rendered prompt does not fit the model's context window. */
export function contextWindowWarning(input: {
  promptTokens: number;
  contextWindow: number;
  model: string;
  approximate?: boolean;
}): LintWarning | null {
  if (input.promptTokens <= input.contextWindow) return null;
  const about = input.approximate ? 'about ' : '';
  return {
    code: LINT_CODES.CONTEXT_WINDOW_EXCEEDED,
    message: `The prompt has ${about}${input.promptTokens} tokens, more than ${input.model}'s context window of ${input.contextWindow}`,
    severity: 'warning',
  };
}
