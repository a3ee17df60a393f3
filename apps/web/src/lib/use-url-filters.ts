import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** Reads one search parameter; the result is what the page works with (undefined when absent). */
export type UrlParser<T> = (raw: string | null) => T;

/** Parsers for the usual filter values; anything unreadable counts as absent. */
export const urlParam = {
  string: (raw: string | null): string | undefined => raw || undefined,
  int: (raw: string | null): number | undefined => {
    const n = Number(raw);
    return raw && Number.isInteger(n) && n > 0 ? n : undefined;
  },
  boolean: (raw: string | null): boolean | undefined => (raw === 'true' ? true : raw === 'false' ? false : undefined),
  /** One of `values`, e.g. a status. */
  oneOf:
    <T extends string>(values: readonly T[]) =>
    (raw: string | null): T | undefined =>
      values.includes(raw as T) ? (raw as T) : undefined,
};

type Values<S extends Record<string, UrlParser<unknown>>> = { [K in keyof S]: ReturnType<S[K]> };
export type UrlFilterChanges<S extends Record<string, UrlParser<unknown>>> = {
  [K in keyof S]?: ReturnType<S[K]> | null;
};

/**
 * A list page's filters, paging and open item kept in the URL, so a reload, the back button and a
 * shared link show the same thing. `set` writes the given keys only; undefined, null, '' and false
 * remove a key, so defaults never clutter the address.
 */
export function useUrlFilters<S extends Record<string, UrlParser<unknown>>>(
  schema: S,
): [Values<S>, (changes: UrlFilterChanges<S>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(Object.entries(schema).map(([key, parse]) => [key, parse(searchParams.get(key))])),
    // The schema is a constant of the page.
    [searchParams],
  ) as Values<S>;
  const set = useCallback(
    (changes: UrlFilterChanges<S>) =>
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === null || value === '' || value === false) next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      }),
    [setSearchParams],
  );
  return [values, set];
}
