import { mergeVariablesMeta, validateVariables, type VariableMeta } from './index';

describe('validating variables against the prompt metadata', () => {
  const meta: VariableMeta[] = [
    { name: 'topic', type: 'string' },
    { name: 'count', type: 'int', default: 3 },
    { name: 'tone', type: 'choice', choices: ['formal', 'casual'], required: false },
  ];

  it('applies defaults and passes unknown extra variables through untouched', () => {
    expect(validateVariables(meta, { topic: 'cats', extra: { a: 1 } })).toEqual({
      values: { topic: 'cats', count: 3, extra: { a: 1 } },
      issues: [],
    });
  });

  it('reports a required variable without value or default', () => {
    expect(validateVariables(meta, {}).issues).toEqual([
      { name: 'topic', code: 'MISSING_VARIABLE', message: 'Missing variable: {{topic}}' },
    ]);
  });

  it('lets an optional variable without default stay absent', () => {
    expect(validateVariables(meta, { topic: 'x' }).values).not.toHaveProperty('tone');
  });

  it.each([
    ['string', 'x', 1],
    ['text', 'long text', null],
    ['int', 2, 2.5],
    ['float', 2.5, '2.5'],
    ['bool', false, 'false'],
    ['list', ['a'], 'a'],
    ['json', { a: [1, null] }, undefined],
  ] as const)('checks %s values', (type, good, bad) => {
    const declared: VariableMeta[] = [{ name: 'v', type }];
    expect(validateVariables(declared, { v: good }).issues).toEqual([]);
    if (bad !== undefined) {
      expect(validateVariables(declared, { v: bad }).issues).toEqual([
        expect.objectContaining({ name: 'v', code: 'INVALID_VARIABLE' }),
      ]);
    }
  });

  it('accepts only one of the choices', () => {
    expect(validateVariables(meta, { topic: 'x', tone: 'casual' }).issues).toEqual([]);
    expect(validateVariables(meta, { topic: 'x', tone: 'angry' }).issues).toEqual([
      { name: 'tone', code: 'INVALID_VARIABLE', message: 'Invalid variable {{tone}}: expected one of: formal, casual' },
    ]);
  });

  it('accepts any JSON value for json variables but not functions', () => {
    expect(validateVariables([{ name: 'v', type: 'json' }], { v: null }).issues).toEqual([]);
    expect(validateVariables([{ name: 'v', type: 'json' }], { v: () => 1 }).issues).toHaveLength(1);
  });
});

describe('merging discovered variables into the metadata', () => {
  it('keeps existing entries as they are and adds new ones with a guessed type', () => {
    const existing: VariableMeta[] = [{ name: 'topic', type: 'text', description: 'What to write about' }];
    const merged = mergeVariablesMeta(existing, [
      { name: 'topic', kind: 'text', paths: [], required: true },
      { name: 'examples', kind: 'list', paths: ['examples[].input'], required: true },
      { name: 'user', kind: 'object', paths: ['user.name'], required: true },
      { name: 'verbose', kind: 'boolean', paths: [], required: false },
      { name: 'tone', kind: 'text', paths: [], required: false },
    ]);
    expect(merged).toEqual([
      { name: 'topic', type: 'text', description: 'What to write about' },
      { name: 'examples', type: 'list', required: true },
      { name: 'user', type: 'json', required: true },
      { name: 'verbose', type: 'bool', required: false },
      { name: 'tone', type: 'string', required: false },
    ]);
    expect(merged[0]).toBe(existing[0]);
  });
});
