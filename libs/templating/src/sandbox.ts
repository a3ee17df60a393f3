/**
 * What a template may reach: own data of lists, dicts and strings, a fixed table of Python-style
 * methods, and functions the engine itself created (globals, macros). Everything else — prototypes,
 * constructors, arbitrary functions, host objects — is refused with TemplateSecurityError.
 */
import { TemplateRenderError, TemplateSecurityError } from './errors';
import { isPlainObject, isSafeString, isStringLike, pyEq, pyStr, pyTypeName } from './python';

const FORBIDDEN_NAMES = new Set([
  'constructor',
  'prototype',
  'caller',
  'callee',
  'arguments',
  'apply',
  'call',
  'bind',
  'toString',
  'valueOf',
  'toLocaleString',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
]);

export function isForbiddenName(name: string): boolean {
  return FORBIDDEN_NAMES.has(name) || name.startsWith('__');
}

export function assertSafeName(name: unknown): void {
  if (typeof name === 'string' && isForbiddenName(name)) {
    throw new TemplateSecurityError(`Access to attribute '${name}' is not allowed in templates`);
  }
  if (typeof name === 'symbol') {
    throw new TemplateSecurityError('Access to symbol properties is not allowed in templates');
  }
}

const trusted = new WeakSet<object>();

/** Marks a function the engine created (global, macro, caller) as callable from templates. */
export function trust<T extends object>(fn: T): T {
  trusted.add(fn);
  return fn;
}

export function isTrusted(fn: unknown): boolean {
  return typeof fn === 'function' && trusted.has(fn);
}

/** Marker class for engine-made objects whose own function properties templates may call. */
export class TemplateObject {}

export const NOT_FOUND: unique symbol = Symbol('not found');

function toIndex(key: unknown, length: number): number | undefined {
  if (typeof key === 'boolean') key = Number(key);
  if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
  const index = key < 0 ? length + key : key;
  return index >= 0 && index < length ? index : undefined;
}

/**
 * `obj.key` / `obj[key]` restricted to data: list and string items (negative indexes as in
 * Python), own keys of dicts, own non-function properties of engine objects.
 */
export function safeGet(obj: unknown, key: unknown): unknown {
  assertSafeName(key);
  if (obj === null || obj === undefined) return NOT_FOUND;
  if (typeof obj === 'function') {
    throw new TemplateSecurityError(`Access to attribute '${pyStr(key)}' of a function is not allowed in templates`);
  }
  if (isStringLike(obj) || Array.isArray(obj)) {
    const seq = isSafeString(obj) ? obj.val : obj;
    const index = toIndex(key, seq.length);
    return index === undefined ? NOT_FOUND : seq[index];
  }
  if (typeof obj !== 'object') return NOT_FOUND;
  if (!isPlainObject(obj) && !(obj instanceof TemplateObject)) {
    throw new TemplateSecurityError('Access to attributes of host objects is not allowed in templates');
  }
  const name = typeof key === 'number' || typeof key === 'boolean' ? String(key) : key;
  if (typeof name !== 'string' || !Object.hasOwn(obj, name)) return NOT_FOUND;
  const value = (obj as Record<string, unknown>)[name];
  if (typeof value === 'function' && !isTrusted(value)) {
    throw new TemplateSecurityError(`Access to function '${name}' is not allowed in templates`);
  }
  return value;
}

type Method = (self: never, ...args: unknown[]) => unknown;

function stripChars(chars: unknown): string {
  return chars === undefined || chars === null ? ' \t\n\r\f\v' : String(chars);
}

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = stripChars(chars);
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start])) start++;
  if (right) while (end > start && set.includes(s[end - 1])) end--;
  return s.slice(start, end);
}

function split(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep === undefined || sep === null) {
    const parts = s.trim().split(/\s+/).filter(Boolean);
    if (parts.length - 1 <= limit) return parts;
    const head = parts.slice(0, limit);
    let rest = s.trimStart();
    for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).trimStart();
    return [...head, rest];
  }
  const all = s.split(String(sep));
  if (all.length - 1 <= limit) return all;
  return [...all.slice(0, limit), all.slice(limit).join(String(sep))];
}

const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => strip(s, chars, true, true),
  lstrip: (s, chars) => strip(s, chars, true, false),
  rstrip: (s, chars) => strip(s, chars, false, true),
  split: (s, sep, maxsplit) => split(s, sep, maxsplit),
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((line, i, all) => i < all.length - 1 || line !== ''),
  startswith: (s, prefix) => (Array.isArray(prefix) ? prefix : [prefix]).some((p) => s.startsWith(String(p))),
  endswith: (s, suffix) => (Array.isArray(suffix) ? suffix : [suffix]).some((p) => s.endsWith(String(p))),
  replace: (s, old, replacement, count) => {
    const parts = s.split(String(old));
    const n = typeof count === 'number' && count >= 0 ? count : parts.length;
    return (
      parts.slice(0, n + 1).join(String(replacement)) +
      (n + 1 < parts.length ? String(old) + parts.slice(n + 1).join(String(old)) : '')
    );
  },
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  join: (s, items) => (Array.isArray(items) ? items.map(pyStr).join(s) : ''),
  title: (s) => s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => s.toLowerCase() === s && s.toUpperCase() !== s,
  isupper: (s) => s.toUpperCase() === s && s.toLowerCase() !== s,
};

const LIST_METHODS: Record<string, (list: unknown[], ...args: unknown[]) => unknown> = {
  append: (list, item) => {
    list.push(item);
    return null;
  },
  extend: (list, items) => {
    if (Array.isArray(items)) list.push(...items);
    return null;
  },
  pop: (list, index) => {
    if (list.length === 0) throw new TemplateRenderError('pop from empty list');
    const i = index === undefined ? list.length - 1 : toIndex(index, list.length);
    if (i === undefined) throw new TemplateRenderError('pop index out of range');
    return list.splice(i, 1)[0];
  },
  insert: (list, index, item) => {
    list.splice(Number(index) < 0 ? Math.max(0, list.length + Number(index)) : Number(index), 0, item);
    return null;
  },
  index: (list, item) => {
    const i = list.findIndex((x) => pyEq(x, item));
    if (i < 0) throw new TemplateRenderError(`${pyStr(item)} is not in list`);
    return i;
  },
  count: (list, item) => list.filter((x) => pyEq(x, item)).length,
};

const DICT_METHODS: Record<string, (dict: Record<string, unknown>, ...args: unknown[]) => unknown> = {
  items: (dict) => Object.keys(dict).map((key) => [key, dict[key]]),
  keys: (dict) => Object.keys(dict),
  values: (dict) => Object.keys(dict).map((key) => dict[key]),
  get: (dict, key, fallback = null) => (Object.hasOwn(dict, String(key)) ? dict[String(key)] : fallback),
};

function methodTable(obj: unknown): Record<string, Method> | undefined {
  if (isStringLike(obj)) return STRING_METHODS as Record<string, Method>;
  if (Array.isArray(obj)) return LIST_METHODS as Record<string, Method>;
  if (isPlainObject(obj)) return DICT_METHODS as Record<string, Method>;
  return undefined;
}

/** `obj.name(args)`: a Python-style method of str/list/dict, or an engine-made function property. */
export function callMethod(obj: unknown, name: string, args: unknown[]): unknown {
  assertSafeName(name);
  const table = methodTable(obj);
  if (table && Object.hasOwn(table, name)) {
    const self = isSafeString(obj) ? obj.val : obj;
    return (table[name] as (self: unknown, ...a: unknown[]) => unknown)(self, ...args);
  }
  const fn = safeGet(obj, name);
  if (fn === NOT_FOUND) {
    throw new TemplateRenderError(`'${pyTypeName(obj)}' object has no attribute '${name}'`);
  }
  if (!isTrusted(fn)) {
    throw new TemplateRenderError(`'${pyTypeName(fn)}' object is not callable`);
  }
  return (fn as (...a: unknown[]) => unknown)(...args);
}
