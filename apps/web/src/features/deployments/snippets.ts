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
  // A flow version's template is its definition as JSON: its inputs are all declared.
  if (version.kind === 'flow') {
    return Object.fromEntries(
      fromVariablesDto(version.variablesMeta).map((field) => [field.name, exampleValue(field)]),
    );
  }
  let discovered: ReturnType<typeof extractVariables> = [];
  try {
    discovered = extractVariables(version.messages ?? version.template);
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

export function withRenderMode(url: string): string {
  return `${url}?mode=render`;
}

/** The calls a backend service makes: the rendered prompt, the model's answer to it, or a flow's answer. */
export type Endpoint = 'render' | 'run' | 'execute';
export type SnippetLanguage = 'curl' | 'python' | 'javascript' | 'sdk';

function endpointUrl(origin: string, endpoint: Endpoint, prompt: string): string {
  const name = encodeURIComponent(prompt);
  if (endpoint === 'execute') return `${origin}/api/v1/flows/${name}/execute`;
  return endpoint === 'render' ? `${origin}/api/v1/prompts/${name}/render` : `${origin}/api/v1/run/${name}`;
}

/** Python literal of a JSON value: true/false/null differ from JSON. */
function pythonLiteral(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent + 4);
  const end = ' '.repeat(indent);
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${pad}${pythonLiteral(v, indent + 4)},`).join('\n')}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${pythonLiteral(v, indent + 4)},`).join('\n')}\n${end}}`;
}

/** A pasteable call of `/render`, `/run` or a flow's `/execute` for one environment, with every variable filled in. */
export function apiSnippet(
  language: SnippetLanguage,
  endpoint: Endpoint,
  origin: string,
  prompt: string,
  environment: string,
  variables: Example,
): string {
  const url = endpointUrl(origin, endpoint, prompt);
  // A flow takes its values as `inputs`; a prompt as `variables`.
  const body = endpoint === 'execute' ? { environment, inputs: variables } : { environment, variables };
  const answers = endpoint !== 'render';
  if (language === 'curl') {
    return [
      `curl -X POST ${shellQuote(url)}`,
      `  -H "X-API-Key: $PROMPTOPS_API_KEY"`,
      `  -H 'Content-Type: application/json'`,
      `  -d ${shellQuote(JSON.stringify(body))}`,
    ].join(' \\\n');
  }
  if (language === 'python') {
    return [
      'import os',
      'import requests',
      '',
      'response = requests.post(',
      `    ${JSON.stringify(url)},`,
      '    headers={"X-API-Key": os.environ["PROMPTOPS_API_KEY"]},',
      `    json=${pythonLiteral(body, 4)},`,
      `    timeout=${answers ? 120 : 10},`,
      ')',
      'response.raise_for_status()',
      answers ? 'print(response.json()["output"])' : 'print(response.json())',
    ].join('\n');
  }
  if (language === 'sdk') return sdkSnippet(endpoint, origin, prompt, environment, variables);
  return [
    `const response = await fetch(${JSON.stringify(url)}, {`,
    "  method: 'POST',",
    "  headers: { 'X-API-Key': process.env.PROMPTOPS_API_KEY, 'Content-Type': 'application/json' },",
    `  body: JSON.stringify(${JSON.stringify(body, null, 2).replace(/\n/g, '\n  ')}),`,
    '});',
    'if (!response.ok) throw new Error(`PromptOps answered ${response.status}`);',
    answers ? 'console.log((await response.json()).output);' : 'console.log(await response.json());',
  ].join('\n');
}

/**
 * The same call through `@promptops/sdk`: a render is answered from the SDK's cache (with a
 * fallback the service keeps working while PromptOps is down); a run or a flow is a request.
 */
function sdkSnippet(
  endpoint: Endpoint,
  origin: string,
  prompt: string,
  environment: string,
  variables: Example,
): string {
  const args = `${JSON.stringify(prompt)}, ${JSON.stringify(variables, null, 2)}`;
  const call =
    endpoint === 'execute'
      ? [
          `const run = await po.flow(${JSON.stringify(prompt)}).execute(${JSON.stringify(variables, null, 2)});`,
          'console.log(run.output);',
        ]
      : endpoint === 'run'
        ? [`const answer = await po.run(${args});`, 'console.log(answer.output, answer.version);']
        : [
            `const answer = await po.render(${args}, {`,
            "  fallback: 'A template to use when PromptOps cannot be reached and nothing is cached',",
            '});',
            'console.log(answer.text, answer.version, answer.source); // source: cache | network | fallback',
          ];
  return [
    "import { PromptOps } from '@promptops/sdk';",
    '',
    'const po = new PromptOps({',
    `  baseUrl: ${JSON.stringify(origin)},`,
    '  apiKey: process.env.PROMPTOPS_API_KEY!,',
    `  environment: ${JSON.stringify(environment)},`,
    '});',
    '',
    ...call,
  ].join('\n');
}
