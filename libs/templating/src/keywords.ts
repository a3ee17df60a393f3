/**
 * `name=value` call arguments travel as a trailing object. It is marked by identity in a
 * WeakSet that only the compiled call sites add to, so no value a template or a caller's data
 * can produce (a dict with a `__keywords` key, say) is ever taken for keyword arguments.
 */
const keywordObjects = new WeakSet<object>();

export function keywordArgs<T extends object>(args: T): T {
  keywordObjects.add(args);
  return args;
}

export function isKeywordArgs(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && keywordObjects.has(value);
}

/** A call's arguments split into positional ones and a (copied) keyword dict. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (isKeywordArgs(last)) return { positional: args.slice(0, -1), kwargs: { ...last } };
  return { positional: args, kwargs: {} };
}
