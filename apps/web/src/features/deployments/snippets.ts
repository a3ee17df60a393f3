import type { VersionResponseDto } from '@promptops/api-client';
import { extractVariables, mergeVariablesMeta, type VariableMeta } from '@promptops/templating';
import { fromVariablesDto } from '../prompts/variables-meta';

type Example = Record<string, unknown>;

function exampleValue(variable: VariableMeta): unknown {
  if (variable.default !== undefined) return variable.default;
  switch (variable.type) {
    case 'int':
      return 1;
    case 'float':
      return 0.5;
    case 'bool':
      return true;
    case 'choice':
      return variable.choices?.[0] ?? variable.name;
    case 'json':
      return {};
    case 'list':
      return [];
    default:
      return `your ${variable.name}`;
  }
}

/** A value for every variable of the version, so a pasted snippet works as it is. */
export function exampleVariables(version: VersionResponseDto | undefined): Example {
  if (!version) return { topic: 'your topic' };
  let discovered: ReturnType<typeof extractVariables> = [];
  try {
    discovered = extractVariables(version.template);
  } catch {
    // The server accepted this template; the declarations alone still make a useful example.
  }
  const fields = mergeVariablesMeta(fromVariablesDto(version.variablesMeta), discovered);
  return Object.fromEntries(fields.map((field) => [field.name, exampleValue(field)]));
}

/** Single-quotes a value for a POSIX shell. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function formValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function curlJson(url: string, variables: Example): string {
  return [
    `curl -X POST ${shellQuote(url)}`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(variables))}`,
  ].join(' \\\n');
}

export function curlForm(url: string, variables: Example): string {
  const fields = Object.entries(variables).map(
    ([name, value]) => `  --data-urlencode ${shellQuote(`${name}=${formValue(value)}`)}`,
  );
  return [`curl -X POST ${shellQuote(url)}`, ...fields].join(' \\\n');
}

export function curlRender(origin: string, prompt: string, environment: string, variables: Example): string {
  return [
    `curl -X POST ${shellQuote(`${origin}/api/v1/prompts/${encodeURIComponent(prompt)}/render`)}`,
    `  -H "X-API-Key: $PROMPTOPS_API_KEY"`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify({ environment, variables }))}`,
  ].join(' \\\n');
}

export function withRenderMode(url: string): string {
  return `${url}?mode=render`;
}
