import { parse as parseQuery } from 'fast-querystring';

/**
 * A form-encoded body as Nest's default parser reads it, with one addition: a field named with
 * `[]` (`steps[]=a&steps[]=b`, as PHP, Rails and many no-code tools send lists) is the list
 * under its bare name (`steps: ['a', 'b']`), even with a single value. A repeated plain field
 * (`steps=a&steps=b`) is a list already.
 */
export function parseFormBody(text: string): Record<string, unknown> {
  const parsed = parseQuery(text) as Record<string, string | string[]>;
  const body: Record<string, unknown> = Object.create(null);
  for (const [name, value] of Object.entries(parsed)) {
    if (!name.endsWith('[]') || name === '[]') {
      body[name] = name in body ? [...asList(body[name]), ...asList(value)] : value;
      continue;
    }
    const bare = name.slice(0, -2);
    body[bare] = [...(bare in body ? asList(body[bare]) : []), ...asList(value)];
  }
  return body;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
