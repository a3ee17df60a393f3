import type { BuilderSpec } from '../builder/spec';
import { validateVariables } from '../validate';
import { checkJsonSchemaShape, contextWindowWarning, lintBuilderSpec, lintTemplate } from './lint';

const base: BuilderSpec = {
  task: 'Summarise {{ article }} in {{ lang }}.',
  constraints: [],
  outputFormat: { kind: 'text', text: '' },
  examples: [],
  variables: [
    { name: 'article', type: 'text' },
    { name: 'lang', type: 'string' },
  ],
  profile: 'markdown',
};

const codes = (warnings: { code: string }[]) => warnings.map((w) => w.code);

describe('lintTemplate', () => {
  it('flags an undeclared variable at its first use, 1-based', () => {
    expect(lintTemplate('Hello\n  {{ name }}', [])).toEqual([
      expect.objectContaining({ code: 'undeclared_variable', line: 2, column: 6 }),
    ]);
  });

  it('does not flag a declared variable (near miss)', () => {
    expect(lintTemplate('Hello {{ name }}', [{ name: 'name', type: 'string' }])).toEqual([]);
  });

  it('flags a declared variable that no message uses, and names the message of an undeclared one', () => {
    const warnings = lintTemplate(
      [
        { role: 'system', template: 'Be nice.' },
        { role: 'user', template: '{{ question }}' },
      ],
      [{ name: 'tone', type: 'string' }],
    );
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'undeclared_variable', field: 'messages.1', line: 1, column: 4 }),
      expect.objectContaining({ code: 'unused_variable', message: 'tone is declared but never used' }),
    ]);
  });

  it('reports a syntax error instead of variable warnings', () => {
    expect(lintTemplate('{{ a ', [{ name: 'b', type: 'string' }])).toEqual([
      expect.objectContaining({ code: 'template_syntax_error', severity: 'error', line: 1 }),
    ]);
  });

  it('flags a required variable with a default, not an implicit or optional one (near misses)', () => {
    const meta = [
      { name: 'a', type: 'string' as const, required: true, default: 'x' },
      { name: 'b', type: 'string' as const, default: 'y' },
      { name: 'c', type: 'string' as const, required: false, default: 'z' },
    ];
    expect(codes(lintTemplate('{{ a }}{{ b }}{{ c }}', meta))).toEqual(['required_with_default']);
    // What the warning says is what rendering does: the default fills a missing required variable.
    expect(validateVariables(meta, {})).toEqual({ values: { a: 'x', b: 'y', c: 'z' }, issues: [] });
  });
});

describe('lintBuilderSpec', () => {
  it('is quiet on a consistent spec', () => {
    expect(lintBuilderSpec(base)).toEqual([]);
  });

  it('flags an undeclared variable in a constraint with its field and position', () => {
    const spec = { ...base, constraints: ['Short.', 'At most {{ limit }} words'] };
    expect(lintBuilderSpec(spec)).toEqual([
      expect.objectContaining({ code: 'undeclared_variable', field: 'constraints.1', line: 1, column: 12 }),
    ]);
  });

  it('flags an unused declaration by its index', () => {
    const spec = { ...base, variables: [...base.variables, { name: 'tone', type: 'string' as const }] };
    expect(lintBuilderSpec(spec)).toEqual([expect.objectContaining({ code: 'unused_variable', field: 'variables.2' })]);
  });

  it('counts a variable used only in the role or the output format as used (near miss)', () => {
    const spec: BuilderSpec = {
      ...base,
      role: 'You write in {{ lang }}.',
      task: 'Summarise {{ article }}.',
      outputFormat: { kind: 'text', text: '{{ lang }} only' },
    };
    expect(lintBuilderSpec(spec)).toEqual([]);
  });

  it('flags an example without a declared field, not one that has them all (near miss)', () => {
    const spec = {
      ...base,
      examples: [
        { input: { article: 'a', lang: 'en' }, output: 'x' },
        { input: { article: 'b' }, output: 'y' },
      ],
    };
    expect(lintBuilderSpec(spec)).toEqual([
      expect.objectContaining({
        code: 'example_missing_field',
        field: 'examples.1.input',
        message: 'Example 2 has no value for lang',
      }),
    ]);
  });

  it('flags an invalid output JSON Schema with the lighter check, not a valid one (near miss)', () => {
    const bad = { ...base, outputFormat: { kind: 'json_schema' as const, schema: { type: 'strng' } } };
    expect(lintBuilderSpec(bad)).toEqual([
      expect.objectContaining({ code: 'invalid_json_schema', field: 'outputFormat.schema', severity: 'error' }),
    ]);
    const good = {
      ...base,
      outputFormat: {
        kind: 'json_schema' as const,
        schema: { type: 'object', properties: { a: { type: ['string', 'null'] } } },
      },
    };
    expect(lintBuilderSpec(good)).toEqual([]);
  });

  it('uses the validator it is given', () => {
    const spec = { ...base, outputFormat: { kind: 'json_schema' as const, schema: { type: 'object' } } };
    const warnings = lintBuilderSpec(spec, { validateJsonSchema: () => ['nope'] });
    expect(warnings).toEqual([expect.objectContaining({ message: 'Invalid JSON Schema: nope' })]);
  });

  it('reports a syntax error in a field with its path', () => {
    expect(lintBuilderSpec({ ...base, context: 'ok\n{% if %}' })).toEqual([
      expect.objectContaining({ code: 'template_syntax_error', field: 'context', line: 2 }),
    ]);
  });
});

describe('checkJsonSchemaShape', () => {
  it('finds problems deep in properties and items', () => {
    expect(
      checkJsonSchemaShape({
        type: 'object',
        properties: { a: { type: 'array', items: { type: 'nope' } } },
        required: 'a',
      }),
    ).toEqual([
      'properties.a.items.type must be one of string, number, integer, boolean, object, array, null',
      'required must be an array of strings',
    ]);
  });
});

describe('contextWindowWarning', () => {
  it('warns above the window and not at it (near miss)', () => {
    expect(
      contextWindowWarning({ promptTokens: 9000, contextWindow: 8192, model: 'gpt-4', approximate: true }),
    ).toEqual(
      expect.objectContaining({
        code: 'context_window_exceeded',
        message: expect.stringContaining('about 9000 tokens'),
      }),
    );
    expect(contextWindowWarning({ promptTokens: 8192, contextWindow: 8192, model: 'gpt-4' })).toBeNull();
  });
});
