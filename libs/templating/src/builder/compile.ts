/**
 * Compiles a builder spec into a Jinja2 template (text) or chat message templates. A pure
 * function: the same spec gives byte-identical output, in the browser preview and on the server.
 */
import type { BuilderExample, BuilderOutputFormat, BuilderSpec } from './spec';

/** A compiled chat message: the role section becomes the system message, the rest the user's. */
export interface BuilderMessage {
  role: 'system' | 'user';
  template: string;
}

export type CompiledBuilderSpec = { kind: 'text'; template: string } | { kind: 'chat'; messages: BuilderMessage[] };

interface Section {
  /** Markdown heading text and XML tag name. */
  title: string;
  tag: string;
  body: string;
}

const JINJA_OPENER = /\{[{%#]/;

/**
 * Literal text inside a template: left as it is unless it contains a Jinja delimiter, in which
 * case it is wrapped in `{% raw %}` (or, if it even contains `endraw`, emitted as a string literal).
 */
export function jinjaLiteral(text: string): string {
  if (!JINJA_OPENER.test(text)) return text;
  if (!/endraw/.test(text)) return `{% raw %}${text}{% endraw %}`;
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `{{ "${escaped}" }}`;
}

function exampleValue(value: unknown): string {
  return jinjaLiteral(typeof value === 'string' ? value.trim() : JSON.stringify(value));
}

function outputFormatBody(format: BuilderOutputFormat, xml: boolean): string {
  if (format.kind === 'text') return format.text.trim();
  const schema = jinjaLiteral(JSON.stringify(format.schema, null, 2));
  const intro = 'Answer with JSON only, valid against this JSON Schema:';
  return xml ? `${intro}\n<json_schema>\n${schema}\n</json_schema>` : `${intro}\n\`\`\`json\n${schema}\n\`\`\``;
}

function exampleInput(example: BuilderExample): string {
  return Object.entries(example.input)
    .map(([key, value]) => `${key}: ${exampleValue(value)}`)
    .join('\n');
}

function examplesBody(examples: BuilderExample[], xml: boolean): string {
  if (xml) {
    return examples
      .map(
        (example) =>
          `<example>\n<input>\n${exampleInput(example)}\n</input>\n<output>\n${exampleValue(example.output)}\n</output>\n</example>`,
      )
      .join('\n');
  }
  return examples
    .map(
      (example, i) =>
        `### Example ${i + 1}\nInput:\n${exampleInput(example)}\nOutput:\n${exampleValue(example.output)}`,
    )
    .join('\n\n');
}

function sections(spec: BuilderSpec, includeRole: boolean): Section[] {
  const xml = spec.profile === 'xml';
  const all: Section[] = [
    { title: 'Role', tag: 'role', body: includeRole ? (spec.role ?? '').trim() : '' },
    { title: 'Task', tag: 'task', body: spec.task.trim() },
    { title: 'Context', tag: 'context', body: (spec.context ?? '').trim() },
    {
      title: 'Constraints',
      tag: 'constraints',
      body: spec.constraints
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .map((c) => `- ${c}`)
        .join('\n'),
    },
    { title: 'Output format', tag: 'output_format', body: outputFormatBody(spec.outputFormat, xml) },
    { title: 'Examples', tag: 'examples', body: examplesBody(spec.examples, xml) },
  ];
  return all.filter((section) => section.body !== '');
}

function join(spec: BuilderSpec, parts: Section[]): string {
  const xml = spec.profile === 'xml';
  return parts.map((s) => (xml ? `<${s.tag}>\n${s.body}\n</${s.tag}>` : `## ${s.title}\n${s.body}`)).join('\n\n');
}

/**
 * `text`: one template with every section (the role first). `chat`: the role as the system
 * message (when given) and the other sections as the user message.
 */
export function compileBuilderSpec(spec: BuilderSpec, options: { kind: 'text' }): { kind: 'text'; template: string };
export function compileBuilderSpec(
  spec: BuilderSpec,
  options: { kind: 'chat' },
): { kind: 'chat'; messages: BuilderMessage[] };
export function compileBuilderSpec(spec: BuilderSpec, options: { kind: 'text' | 'chat' }): CompiledBuilderSpec;
export function compileBuilderSpec(spec: BuilderSpec, options: { kind: 'text' | 'chat' }): CompiledBuilderSpec {
  if (options.kind === 'text') return { kind: 'text', template: join(spec, sections(spec, true)) };
  const messages: BuilderMessage[] = [];
  const role = (spec.role ?? '').trim();
  if (role) messages.push({ role: 'system', template: role });
  messages.push({ role: 'user', template: join(spec, sections(spec, false)) });
  return { kind: 'chat', messages };
}
