/**
 * What a template may reach: own data of lists, dicts and strings, a fixed table of Python-style
 * methods, and functions the engine itself created (globals, macros). Everything else — prototypes,
 * constructors, arbitrary functions, host objects — is refused with TemplateSecurityError.
 */
import { assertSize, spend, spendLinear } from './budget';
import { TemplateRenderError, TemplateSecurityError } from './errors';
import { registerFormatGetter, strFormat } from './format';
import {
  PyFloat,
  dataValue,
  isGroupTuple,
  isPlainObject,
  isSafeString,
  isStringLike,
  pyEq,
  pyStr,
  pyTypeName,
  tuple,
} from './python';

/**
 * Names that lead from a value to the host: prototypes, constructors and the properties of
 * functions. They are refused only where they would be inherited; as own keys of data (a tool
 * call's `arguments`, a function's `name`) they are ordinary data, as they are in Jinja2.
 */
const HOST_NAMES = new Set([
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

function isHostName(name: unknown): boolean {
  return typeof name === 'symbol' || (typeof name === 'string' && (HOST_NAMES.has(name) || name.startsWith('__')));
}

function refuseHostName(name: unknown): never {
  if (typeof name === 'symbol')
    throw new TemplateSecurityError('Access to symbol properties is not allowed in templates');
  throw new TemplateSecurityError(`Access to attribute '${String(name)}' is not allowed in templates`);
}

/**
 * Writes `key` as an own data property, whatever its name: `__proto__` becomes a key like any
 * other instead of reaching the object's prototype setter.
 */
export function defineData(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
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

/**
 * Marker class for engine-made objects whose own function properties templates may call.
 * `templateGet`, when present, answers attribute reads itself (computed loop properties).
 */
export class TemplateObject {
  templateGet?(key: string): unknown;
}

/** `namespace()` objects: the only ones `{% set ns.attr = … %}` may write to. */
export class Namespace extends TemplateObject {}

export const NOT_FOUND: unique symbol = Symbol('not found');

function toIndex(key: unknown, length: number): number | undefined {
  if (typeof key === 'boolean') key = Number(key);
  if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
  const index = key < 0 ? length + key : key;
  return index >= 0 && index < length ? index : undefined;
}

/** Objects already checked to have only data properties (JSON-shaped input, the common case). */
const checkedDataOnly = new WeakSet<object>();

/** Whether every own property of `obj` is a plain value, so reading one runs no host code. */
function dataOnly(obj: object): boolean {
  if (checkedDataOnly.has(obj)) return true;
  const descriptors = Object.getOwnPropertyDescriptors(obj);
  for (const key of Object.keys(descriptors)) if (!('value' in descriptors[key])) return false;
  checkedDataOnly.add(obj);
  return true;
}

/**
 * `obj.key` / `obj[key]` restricted to data: list and string items (negative indexes as in
 * Python), own keys of dicts, own non-function properties of engine objects.
 */
export function safeGet(obj: unknown, key: unknown): unknown {
  const value = readData(obj, key);
  if (value === NOT_FOUND && isHostName(key)) refuseHostName(key);
  return value;
}

function readData(obj: unknown, key: unknown): unknown {
  if (typeof key === 'symbol') return NOT_FOUND;
  if (obj === null || obj === undefined) return NOT_FOUND;
  if (typeof obj === 'function') {
    throw new TemplateSecurityError(`Access to attribute '${pyStr(key)}' of a function is not allowed in templates`);
  }
  if (isGroupTuple(obj) && (key === 'grouper' || key === 'list')) return obj[key === 'grouper' ? 0 : 1];
  if (isStringLike(obj) || Array.isArray(obj)) {
    const seq = isSafeString(obj) ? obj.val : obj;
    const index = toIndex(key, seq.length);
    return index === undefined ? NOT_FOUND : seq[index];
  }
  if (typeof obj !== 'object' || obj instanceof PyFloat) return NOT_FOUND;
  // The class's own reader, never an own property that a template could have set on a namespace.
  const templateGet = obj instanceof TemplateObject ? Object.getPrototypeOf(obj).templateGet : undefined;
  if (templateGet) return typeof key === 'string' ? templateGet.call(obj, key) : NOT_FOUND;
  // Jinja2's sandbox refuses `_`-prefixed attributes of objects that are not dicts (a namespace's too).
  if (obj instanceof TemplateObject && typeof key === 'string' && key.startsWith('_')) refuseHostName(key);
  if (!isPlainObject(obj) && !(obj instanceof TemplateObject)) {
    throw new TemplateSecurityError('Access to attributes of host objects is not allowed in templates');
  }
  const name = typeof key === 'number' || typeof key === 'boolean' ? String(key) : key;
  if (typeof name !== 'string' || !Object.hasOwn(obj, name)) return NOT_FOUND;
  if (!dataOnly(obj)) {
    const descriptor = Object.getOwnPropertyDescriptor(obj, name) as PropertyDescriptor;
    if (!('value' in descriptor)) {
      throw new TemplateSecurityError(`Access to accessor property '${name}' is not allowed in templates`);
    }
  }
  const value = (obj as Record<string, unknown>)[name];
  if (typeof value === 'function' && !isTrusted(value)) {
    throw new TemplateSecurityError(`Access to function '${name}' is not allowed in templates`);
  }
  return value;
}

type Method = (self: never, ...args: unknown[]) => unknown;

/** Python's `str.ljust` / `rjust` / `center`: one fill character, width checked before padding. */
function pad(s: string, width: unknown, fill: unknown, padTo: (width: number, fill: string) => string): string {
  const fillText = String(fill);
  if ([...fillText].length !== 1) {
    throw new TemplateRenderError('The fill character must be exactly one character long');
  }
  const w = Number(width);
  if (!(w > s.length)) return s;
  assertSize(w);
  spendLinear(w);
  return padTo(w, fillText);
}

/** `list.extend(iterable)`: strings add their characters, dicts their keys. */
function iterateForExtend(items: unknown): unknown[] {
  if (isStringLike(items)) return Array.from(String(items));
  if (isPlainObject(items)) return Object.keys(items);
  throw new TemplateRenderError(`'${pyTypeName(items)}' object is not iterable`);
}

const WHITESPACE = new Set(' \t\n\r\f\v');

/** Python's `str.strip([chars])` family: any of `chars` (whitespace by default) at either end. */
export function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? WHITESPACE : new Set(String(chars));
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.has(s[start])) start++;
  if (right) while (end > start && set.has(s[end - 1])) end--;
  return s.slice(start, end);
}

function split(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  spendLinear(s.length);
  if (sep === undefined || sep === null) {
    const parts: string[] = [];
    const word = /\S+/g;
    for (let m = word.exec(s); m; m = word.exec(s)) {
      spend();
      if (parts.length === limit) {
        parts.push(s.slice(m.index));
        break;
      }
      parts.push(m[0]);
    }
    return parts;
  }
  const separator = String(sep);
  if (separator === '') throw new TemplateRenderError('empty separator');
  const all = s.split(separator);
  if (all.length - 1 <= limit) return all;
  return [...all.slice(0, limit), all.slice(limit).join(separator)];
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
    assertSize(s.length + Math.min(n, parts.length - 1) * (String(replacement).length - String(old).length));
    spendLinear(s.length);
    return (
      parts.slice(0, n + 1).join(String(replacement)) +
      (n + 1 < parts.length ? String(old) + parts.slice(n + 1).join(String(old)) : '')
    );
  },
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  join: (s, items) => {
    if (!Array.isArray(items) && !isStringLike(items)) throw new TemplateRenderError('can only join an iterable');
    const list = Array.isArray(items) ? items : Array.from(String(items));
    let size = 0;
    const parts = list.map((item, i) => {
      if (!isStringLike(item)) {
        throw new TemplateRenderError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
      }
      size += item.length + (i > 0 ? s.length : 0);
      assertSize(size);
      return String(item);
    });
    return parts.join(s);
  },
  format: (s, ...args) => strFormat(s, args),
  index: (s, sub) => {
    const i = s.indexOf(String(sub));
    if (i < 0) throw new TemplateRenderError('substring not found');
    return i;
  },
  rfind: (s, sub) => s.lastIndexOf(String(sub)),
  rsplit: (s, sep, maxsplit) => {
    if (typeof maxsplit !== 'number' || maxsplit < 0) return split(s, sep, undefined);
    const parts = split(s, sep, undefined);
    if (sep === undefined || sep === null || parts.length - 1 <= maxsplit) return parts;
    const keep = parts.length - maxsplit;
    return [parts.slice(0, keep).join(String(sep)), ...parts.slice(keep)];
  },
  partition: (s, sep) => {
    const i = s.indexOf(String(sep));
    return tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  },
  zfill: (s, width) => {
    assertSize(Number(width));
    const sign = /^[-+]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(Number(width) - sign.length, '0');
  },
  ljust: (s, width, fill = ' ') => pad(s, width, fill, (w, f) => s.padEnd(w, f)),
  rjust: (s, width, fill = ' ') => pad(s, width, fill, (w, f) => s.padStart(w, f)),
  center: (s, width, fill = ' ') => pad(s, width, fill, (w, f) => center(s, w, f)),
  removeprefix: (s, prefix) => (s.startsWith(String(prefix)) ? s.slice(String(prefix).length) : s),
  removesuffix: (s, suffix) =>
    String(suffix) && s.endsWith(String(suffix)) ? s.slice(0, s.length - String(suffix).length) : s,
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  casefold: (s) => s.toLowerCase(),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  istitle: (s) => /\p{Lu}/u.test(s) && s === titleCase(s),
  title: (s) => titleCase(s),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => s.toLowerCase() === s && s.toUpperCase() !== s,
  isupper: (s) => s.toUpperCase() === s && s.toLowerCase() !== s,
};

const LIST_METHODS: Record<string, (list: unknown[], ...args: unknown[]) => unknown> = {
  append: (list, item) => {
    assertSize(list.length + 1);
    list.push(item);
    return null;
  },
  extend: (list, items) => {
    const added = Array.isArray(items) ? [...items] : iterateForExtend(items);
    assertSize(list.length + added.length);
    spendLinear(added.length);
    for (const item of added) list.push(item);
    return null;
  },
  pop: (list, index) => {
    if (list.length === 0) throw new TemplateRenderError('pop from empty list');
    const i = index === undefined ? list.length - 1 : toIndex(index, list.length);
    if (i === undefined) throw new TemplateRenderError('pop index out of range');
    return list.splice(i, 1)[0];
  },
  insert: (list, index, item) => {
    assertSize(list.length + 1);
    list.splice(Number(index) < 0 ? Math.max(0, list.length + Number(index)) : Number(index), 0, item);
    return null;
  },
  index: (list, item) => {
    const i = list.findIndex((x) => pyEq(x, item));
    if (i < 0) throw new TemplateRenderError(`${pyStr(item)} is not in list`);
    return i;
  },
  count: (list, item) => list.filter((x) => pyEq(x, item)).length,
  remove: (list, item) => {
    const i = list.findIndex((x) => pyEq(x, item));
    if (i < 0) throw new TemplateRenderError('list.remove(x): x not in list');
    list.splice(i, 1);
    return null;
  },
  reverse: (list) => {
    list.reverse();
    return null;
  },
  copy: (list) => [...list],
};

/** Python's `str.title()`: upper-case the first letter of every run of letters. */
export function titleCase(s: string): string {
  return s.replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

/** Python's `str.center()`: extra padding goes to the right when the total is odd and the width odd. */
export function center(s: string, width: number, fill = ' '): string {
  const total = width - s.length;
  if (total <= 0) return s;
  const left = Math.floor(total / 2) + (total & width & 1);
  return fill.repeat(left) + s + fill.repeat(total - left);
}

const DICT_METHODS: Record<string, (dict: Record<string, unknown>, ...args: unknown[]) => unknown> = {
  items: (dict) => Object.keys(dict).map((key) => tuple([key, dataValue(dict, key)])),
  copy: (dict) => ({ ...dict }),
  update: (dict, other) => {
    if (isPlainObject(other)) for (const key of Object.keys(other)) defineData(dict, key, dataValue(other, key));
    return null;
  },
  pop: (dict, key, fallback) => {
    const k = String(key);
    if (!Object.hasOwn(dict, k)) {
      if (fallback === undefined) throw new TemplateRenderError(`KeyError: '${k}'`);
      return fallback;
    }
    const value = dict[k];
    delete dict[k];
    return value;
  },
  setdefault: (dict, key, fallback = null) => {
    const k = String(key);
    if (!Object.hasOwn(dict, k)) defineData(dict, k, fallback);
    return dict[k];
  },
  keys: (dict) => Object.keys(dict),
  values: (dict) => Object.keys(dict).map((key) => dataValue(dict, key)),
  get: (dict, key, fallback = null) => (Object.hasOwn(dict, String(key)) ? dataValue(dict, String(key)) : fallback),
};

function methodTable(obj: unknown): Record<string, Method> | undefined {
  if (isStringLike(obj)) return STRING_METHODS as Record<string, Method>;
  if (Array.isArray(obj)) return LIST_METHODS as Record<string, Method>;
  if (isPlainObject(obj)) return DICT_METHODS as Record<string, Method>;
  return undefined;
}

/** `obj.name(args)`: a Python-style method of str/list/dict, or an engine-made function property. */
export function callMethod(obj: unknown, name: string, args: unknown[]): unknown {
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

registerFormatGetter((obj, key) => {
  const value = safeGet(obj, key);
  return value === NOT_FOUND ? undefined : value;
});
