/**
 * A user's text for a `LIKE … ESCAPE '!'` pattern, its wildcards taken literally. `!` rather
 * than backslash: it means the same in SQLite and MySQL string literals.
 */
export function escapeLike(value: string): string {
  return value.replace(/[!%_]/g, (c) => `!${c}`);
}
