import { ValueTransformer } from 'typeorm';

/** JSON kept in a TEXT column: the same on SQLite and MySQL, and no dialect JSON quirks. */
export function jsonTransformer<T>(fallback: T): ValueTransformer {
  return {
    to: (value: T | undefined) => JSON.stringify(value ?? fallback),
    from: (value: string | null) => (value == null || value === '' ? fallback : (JSON.parse(value) as T)),
  };
}

/** Like jsonTransformer, but SQL NULL stands for "no value". */
export function nullableJsonTransformer<T>(): ValueTransformer {
  return {
    to: (value: T | null | undefined) => (value == null ? null : JSON.stringify(value)),
    from: (value: string | null) => (value == null || value === '' ? null : (JSON.parse(value) as T)),
  };
}
