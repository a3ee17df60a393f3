import type { VariableMeta } from '@promptops/templating';

const TRUE = new Set(['true', '1', 'yes', 'on', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'n', '']);

/**
 * No-code tools send every field as a string (form posts always, Make often in JSON too), and a
 * CSV dataset holds only text.
 * Strings are turned into the declared type where that is unambiguous; anything else is left
 * as sent, so validation can name the variable that does not fit.
 */
export function coerceVariables(meta: VariableMeta[], input: Record<string, unknown>): Record<string, unknown> {
  const types = new Map(meta.map((m) => [m.name, m.type]));
  const output: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const type = types.get(name);
    output[name] = typeof value === 'string' && type ? coerce(type, value) : value;
  }
  return output;
}

function coerce(type: VariableMeta['type'], raw: string): unknown {
  const value = raw.trim();
  switch (type) {
    case 'int':
      return /^[-+]?\d+$/.test(value) ? Number(value) : raw;
    case 'float':
      return value !== '' && Number.isFinite(Number(value)) ? Number(value) : raw;
    case 'bool': {
      const lower = value.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : raw;
    }
    case 'json':
      return parseJson(value) ?? raw;
    case 'list': {
      const parsed = parseJson(value);
      if (Array.isArray(parsed)) return parsed;
      return value === '' ? [] : value.split(/\r?\n|,/).map((item) => item.trim());
    }
    default:
      return raw;
  }
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
