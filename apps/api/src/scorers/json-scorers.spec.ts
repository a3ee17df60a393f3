import { extractJson, jsonSchema, jsonSchemaConfig, jsonValid } from './json-scorers';

const PERSON = {
  type: 'object',
  required: ['name', 'age'],
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, email: { format: 'email' } },
};

describe('json_valid', () => {
  it('passes JSON output and names what it is', () => {
    expect(jsonValid('{"a": 1}')).toEqual({ score: 1, reason: 'valid JSON (an object)' });
    expect(jsonValid('[1, 2]')).toEqual({ score: 1, reason: 'valid JSON (a list)' });
  });

  it('reads the ```json block of an answer wrapped in prose', () => {
    const output = 'Here it is:\n```json\n{"城市": "北京"}\n```\nAnything else?';
    expect(extractJson(output)).toBe('{"城市": "北京"}');
    expect(jsonValid(output)).toMatchObject({ score: 1 });
  });

  it('fails prose, truncated JSON and an empty output, saying why', () => {
    expect(jsonValid('Sure! {"a": 1')).toMatchObject({ score: 0, reason: expect.stringMatching(/^not valid JSON: /) });
    expect(jsonValid('')).toEqual({ score: 0, reason: 'the output is empty' });
  });
});

describe('json_schema', () => {
  it('passes output that the schema of the config accepts', () => {
    const config = jsonSchemaConfig({ schema: PERSON });
    expect(jsonSchema(config, '{"name": "李雷", "age": 30}', undefined)).toEqual({
      score: 1,
      reason: 'matches the schema',
    });
  });

  it('lists the first errors when the output does not match', () => {
    const config = jsonSchemaConfig({ schema: PERSON });
    expect(jsonSchema(config, '{"age": -1, "email": "nope"}', undefined)).toEqual({
      score: 0,
      reason: '(root) must have required property \'name\'; /age must be >= 0; /email must match format "email"',
    });
  });

  it("uses the item's expected value as the schema when the config has none", () => {
    const config = jsonSchemaConfig({});
    expect(jsonSchema(config, '```json\n{"name": "Ann", "age": 3}\n```', PERSON)).toMatchObject({ score: 1 });
    expect(jsonSchema(config, '{}', undefined)).toEqual({
      error: "this item has no expected value (no schema in the scorer's config either)",
    });
    expect(jsonSchema(config, '{}', 'a string')).toEqual({
      error: 'the expected value a JSON Schema must be an object, not a string',
    });
  });

  it('fails an output that is not JSON at all', () => {
    expect(jsonSchema(jsonSchemaConfig({ schema: PERSON }), '', undefined)).toEqual({
      score: 0,
      reason: 'the output is empty',
    });
  });

  it('speaks JSON Schema 2020-12 (prefixItems)', () => {
    const config = jsonSchemaConfig({ schema: { type: 'array', prefixItems: [{ type: 'number' }], items: false } });
    expect(jsonSchema(config, '[1]', undefined)).toMatchObject({ score: 1 });
    expect(jsonSchema(config, '[1, 2]', undefined)).toMatchObject({ score: 0 });
  });

  it('refuses an invalid schema in the config when the scorer is pinned', () => {
    expect(() => jsonSchemaConfig({ schema: { type: 'strnig' } })).toThrow(/is not a valid JSON Schema 2020-12/);
    expect(() => jsonSchemaConfig({ schema: [] })).toThrow('must be a JSON Schema object');
  });
});
