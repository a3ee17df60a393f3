import type { BuilderSpecDto } from '@promptops/api-client';
import type { BuilderExample, BuilderSpec, LintWarning } from '@promptops/templating';

/** The antd form's values: the spec with the JSON Schema as editable text and example values as strings. */
export interface BuilderFormValues {
  role: string;
  task: string;
  context: string;
  constraints: string[];
  outputKind: 'text' | 'json_schema';
  outputText: string;
  schemaText: string;
  examples: { input: Record<string, string | undefined>; output: string }[];
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function toFormValues(spec: BuilderSpec): BuilderFormValues {
  return {
    role: spec.role ?? '',
    task: spec.task,
    context: spec.context ?? '',
    constraints: spec.constraints,
    outputKind: spec.outputFormat.kind,
    outputText: spec.outputFormat.kind === 'text' ? spec.outputFormat.text : '',
    schemaText:
      spec.outputFormat.kind === 'json_schema'
        ? JSON.stringify(spec.outputFormat.schema, null, 2)
        : '{\n  "type": "object",\n  "properties": {}\n}',
    examples: spec.examples.map((e) => ({
      input: Object.fromEntries(Object.entries(e.input).map(([k, v]) => [k, asText(v)])),
      output: e.output,
    })),
  };
}

/** The schema text as an object, or null while it is not a JSON object. */
export function parseSchema(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The spec the form describes; an unparsable schema keeps the last good one (`fallbackSchema`). */
export function fromFormValues(
  values: BuilderFormValues,
  rest: Pick<BuilderSpec, 'variables' | 'profile' | 'datasetRef'>,
  fallbackSchema: Record<string, unknown>,
): BuilderSpec {
  const examples: BuilderExample[] = (values.examples ?? []).map((e) => ({
    input: Object.fromEntries(Object.entries(e?.input ?? {}).filter(([, v]) => v !== undefined)) as Record<
      string,
      unknown
    >,
    output: e?.output ?? '',
  }));
  const spec: BuilderSpec = {
    task: values.task ?? '',
    constraints: (values.constraints ?? []).map((c) => c ?? ''),
    outputFormat:
      values.outputKind === 'json_schema'
        ? { kind: 'json_schema', schema: parseSchema(values.schemaText ?? '') ?? fallbackSchema }
        : { kind: 'text', text: values.outputText ?? '' },
    examples,
    variables: rest.variables,
    profile: rest.profile,
  };
  if (values.role) spec.role = values.role;
  if (values.context) spec.context = values.context;
  if (rest.datasetRef) spec.datasetRef = rest.datasetRef;
  return spec;
}

export function toSpecDto(spec: BuilderSpec): BuilderSpecDto {
  return spec as BuilderSpecDto;
}

export function fromSpecDto(dto: BuilderSpecDto): BuilderSpec {
  return dto as BuilderSpec;
}

/** Warnings about one form field (`task`, `constraints.1`), or about every path under a prefix. */
export function warningsAt(warnings: LintWarning[], field: string, prefix = false): LintWarning[] {
  return warnings.filter((w) => w.field === field || (prefix && w.field?.startsWith(`${field}.`)));
}

/** JSON with object keys sorted, so two specs compare equal whatever order their keys came in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameSpec(a: BuilderSpec, b: BuilderSpec): boolean {
  return stableJson(a) === stableJson(b);
}
