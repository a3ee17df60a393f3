import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

type Defaults = Record<string, string | number>;
type Values<D extends Defaults> = { [K in keyof D]: D[K] extends number ? number : string };
type Changes<D extends Defaults> = { [K in keyof D]?: (D[K] extends number ? number : string) | undefined };

/**
 * A list page's filters, sorting and paging, kept in the URL so that a view can be shared,
 * bookmarked and restored with Back. `defaults` names every parameter the page reads and its
 * value when absent; numbers are read as positive whole numbers. A value equal to its default
 * is left out of the URL, and any change other than the page itself returns to the first page.
 */
export function useUrlFilters<D extends Defaults>(defaults: D): [Values<D>, (changes: Changes<D>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();

  const values = useMemo(() => {
    const read: Record<string, string | number> = {};
    for (const [key, fallback] of Object.entries(defaults)) {
      const raw = searchParams.get(key);
      if (typeof fallback === 'number') {
        const n = Number(raw);
        read[key] = raw !== null && Number.isInteger(n) && n > 0 ? n : fallback;
      } else read[key] = raw ?? fallback;
    }
    return read as Values<D>;
    // `defaults` is a literal rebuilt on each render; its content is what matters.
  }, [searchParams, JSON.stringify(defaults)]);

  const update = useCallback(
    (changes: Changes<D>) =>
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          const entries = Object.entries(changes);
          if ('page' in defaults && !('page' in changes) && entries.length) next.delete('page');
          for (const [key, value] of entries) {
            if (value === undefined || value === '' || value === defaults[key]) next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        // Typing and clicking filters should not fill the history with every intermediate state.
        { replace: true },
      ),
    [setSearchParams, JSON.stringify(defaults)],
  );

  return [values, update];
}
