import { coerceVariables } from './coerce-variables';

describe('coercing no-code form fields to declared types', () => {
  const meta = [
    { name: 'count', type: 'int' as const },
    { name: 'ratio', type: 'float' as const },
    { name: 'formal', type: 'bool' as const },
    { name: 'tags', type: 'list' as const },
    { name: 'user', type: 'json' as const },
    { name: 'topic', type: 'string' as const },
  ];

  it('turns unambiguous strings into numbers, booleans, lists and objects', () => {
    expect(
      coerceVariables(meta, {
        count: '3',
        ratio: '0.5',
        formal: 'Yes',
        tags: 'a, b,c',
        user: '{"name":"Ann"}',
        topic: '42',
        extra: 'kept',
      }),
    ).toEqual({
      count: 3,
      ratio: 0.5,
      formal: true,
      tags: ['a', 'b', 'c'],
      user: { name: 'Ann' },
      topic: '42',
      extra: 'kept',
    });
  });

  it('leaves values that do not fit as sent, for validation to name', () => {
    expect(coerceVariables(meta, { count: '3.5', formal: 'perhaps', ratio: 'abc' })).toEqual({
      count: '3.5',
      formal: 'perhaps',
      ratio: 'abc',
    });
  });

  it('accepts a JSON list and an empty list', () => {
    expect(coerceVariables(meta, { tags: '["x","y"]' })).toEqual({ tags: ['x', 'y'] });
    expect(coerceVariables(meta, { tags: '' })).toEqual({ tags: [] });
  });
});
