/**
 * The single nunjucks Environment every template renders with: autoescape off, no loader, and
 * filters, tests and globals adjusted to Jinja2 3.1 (Python values, `tojson`, `map`, `raise_exception`).
 */
import { ErrorCode } from '@promptops/shared';
import { TemplateLimitError, TemplateRaisedError, TemplateRenderError } from './errors';
import { nunjucks, nunjucksRuntime } from './nunjucks-internals';
import {
  isPlainObject,
  isSafeString,
  isStringLike,
  percentFormat,
  pyEq,
  pyRepr,
  pyStr,
  pyTruthy,
  pyTypeName,
  registerSafeString,
  toJson,
} from './python';
import { NOT_FOUND, TemplateObject, assertSafeName, isTrusted, safeGet, trust } from './sandbox';

/** Same bound as Jinja2's sandbox (MAX_RANGE): bigger ranges are refused before allocation. */
export const MAX_RANGE = 100_000;

registerSafeString(nunjucksRuntime.SafeString);

type Kwargs = Record<string, unknown>;
type Fn = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** nunjucks passes `name=value` arguments as a trailing object flagged `__keywords`. */
function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Kwargs } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Kwargs).__keywords === true) {
    const kwargs = { ...(last as Kwargs) };
    delete kwargs.__keywords;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

/** Dotted attribute paths (`user.name`, `0`) resolved with the sandbox rules. */
function attrGetter(attribute: unknown): (item: unknown) => unknown {
  const parts = String(attribute).split('.');
  parts.forEach(assertSafeName);
  return (item) => {
    let value: unknown = item;
    for (const part of parts) {
      const key = /^\d+$/.test(part) && (Array.isArray(value) || isStringLike(value)) ? Number(part) : part;
      value = safeGet(value, key);
      if (value === NOT_FOUND) return undefined;
    }
    return value;
  };
}

function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isStringLike(value)) return Array.from(String(value));
  if (isPlainObject(value)) return Object.keys(value);
  if (value === undefined || value === null) return [];
  throw new TemplateRenderError(`'${pyTypeName(value)}' object is not iterable`);
}

function compareForSort(a: unknown, b: unknown, caseSensitive: boolean): number {
  let x = a;
  let y = b;
  if (!caseSensitive && typeof x === 'string' && typeof y === 'string') {
    x = x.toLowerCase();
    y = y.toLowerCase();
  }
  if (pyEq(x, y)) return 0;
  return (x as number) < (y as number) ? -1 : 1;
}

function getTest(context: { env: nunjucks.Environment }, name: unknown): Fn {
  const test = (context.env as unknown as { tests: Record<string, Fn> }).tests[String(name)];
  if (!test || !Object.hasOwn((context.env as unknown as { tests: object }).tests, String(name))) {
    throw new TemplateRenderError(`No test named '${pyStr(name)}'`);
  }
  return test;
}

function selectOrReject(expected: boolean, byAttribute: boolean) {
  return function filter(this: { env: nunjucks.Environment }, seq: unknown, ...rawArgs: unknown[]) {
    const { positional } = splitArgs(rawArgs);
    const args = [...positional];
    const get = byAttribute ? attrGetter(args.shift()) : (item: unknown) => item;
    const testName = args.shift();
    const test = testName === undefined ? null : getTest(this, testName);
    return toList(seq).filter((item) => {
      const value = get(item);
      const passed = test ? test.call(this, value, ...args) === true : pyTruthy(value);
      return passed === expected;
    });
  };
}

const filters: Record<string, Fn> = {
  default(value: unknown, fallback: unknown = '', boolean = false) {
    if (value === undefined || (boolean && !pyTruthy(value))) return fallback;
    return value;
  },
  string: (value: unknown) => (isSafeString(value) ? value : pyStr(value)),
  list: (value: unknown) => [...toList(value)],
  join(value: unknown, separator: unknown = '', attribute?: unknown) {
    const items = toList(value);
    const values = attribute === undefined || attribute === null ? items : items.map(attrGetter(attribute));
    return values.map(pyStr).join(pyStr(separator));
  },
  map(this: { env: { filters: Record<string, Fn> } }, value: unknown, ...rawArgs: unknown[]) {
    const { positional, kwargs } = splitArgs(rawArgs);
    const items = toList(value);
    if (kwargs.attribute !== undefined) {
      const get = attrGetter(kwargs.attribute);
      return items.map((item) => {
        const v = get(item);
        return v === undefined && 'default' in kwargs ? kwargs.default : v;
      });
    }
    const [name, ...args] = positional;
    const filter = Object.hasOwn(this.env.filters, String(name)) ? this.env.filters[String(name)] : undefined;
    if (!filter) throw new TemplateRenderError(`No filter named '${pyStr(name)}'`);
    return items.map((item) => filter.call(this, item, ...args));
  },
  select: selectOrReject(true, false),
  reject: selectOrReject(false, false),
  selectattr: selectOrReject(true, true),
  rejectattr: selectOrReject(false, true),
  attr(value: unknown, name: unknown) {
    const v = safeGet(value, name);
    return v === NOT_FOUND ? undefined : v;
  },
  items(value: unknown) {
    if (value === undefined || value === null) return [];
    if (!isPlainObject(value)) throw new TemplateRenderError('Can only get item pairs from a mapping.');
    return Object.keys(value).map((key) => [key, value[key]]);
  },
  tojson(value: unknown, indent?: unknown) {
    const { positional, kwargs } = splitArgs(indent === undefined ? [] : [indent]);
    const width = (kwargs.indent ?? positional[0]) as number | undefined;
    return new nunjucksRuntime.SafeString(toJson(value, typeof width === 'number' ? width : undefined));
  },
  unique(value: unknown) {
    const out: unknown[] = [];
    for (const item of toList(value)) if (!out.some((x) => pyEq(x, item))) out.push(item);
    return out;
  },
  min: (value: unknown) => [...toList(value)].sort((a, b) => compareForSort(a, b, false))[0],
  max: (value: unknown) => [...toList(value)].sort((a, b) => compareForSort(a, b, false)).at(-1),
  sort(value: unknown, ...rawArgs: unknown[]) {
    const { positional, kwargs } = splitArgs(rawArgs);
    const [reverse = false, caseSensitive = false, attribute = null] = positional;
    const rev = pyTruthy(kwargs.reverse ?? reverse);
    const cs = pyTruthy(kwargs.case_sensitive ?? caseSensitive);
    const attr = kwargs.attribute ?? attribute;
    const get = attr === null || attr === undefined ? (x: unknown) => x : attrGetter(attr);
    const sorted = [...toList(value)].sort((a, b) => compareForSort(get(a), get(b), cs));
    return rev ? sorted.reverse() : sorted;
  },
  sum(value: unknown, ...rawArgs: unknown[]) {
    const { positional, kwargs } = splitArgs(rawArgs);
    const attr = kwargs.attribute ?? positional[0];
    const start = (kwargs.start ?? positional[1] ?? 0) as number;
    const get = attr === null || attr === undefined ? (x: unknown) => x : attrGetter(attr);
    return toList(value).reduce<number>((total, item) => total + Number(get(item)), start);
  },
  groupby(value: unknown, attribute: unknown) {
    const get = attrGetter(attribute);
    const groups: { grouper: unknown; list: unknown[] }[] = [];
    for (const item of toList(value)) {
      const key = get(item);
      const group = groups.find((g) => pyEq(g.grouper, key));
      if (group) group.list.push(item);
      else groups.push({ grouper: key, list: [item] });
    }
    return groups.sort((a, b) => compareForSort(a.grouper, b.grouper, false));
  },
  format: (value: unknown, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    return percentFormat(pyStr(value), Object.keys(kwargs).length ? kwargs : positional);
  },
  trim(value: unknown, chars?: unknown) {
    const s = pyStr(value);
    if (chars === undefined || chars === null) return s.replace(/^\s+|\s+$/g, '');
    const set = pyStr(chars);
    let start = 0;
    let end = s.length;
    while (start < end && set.includes(s[start])) start++;
    while (end > start && set.includes(s[end - 1])) end--;
    return s.slice(start, end);
  },
  first: (value: unknown) => toList(value)[0],
  last: (value: unknown) => toList(value).at(-1),
  pprint: (value: unknown) => pyRepr(value),
};
filters.d = filters.default;
filters.count = (value: unknown) => (isPlainObject(value) ? Object.keys(value).length : toList(value).length);
filters.length = filters.count;

function isNumber(value: unknown): boolean {
  return typeof value === 'number';
}

const tests: Record<string, Fn> = {
  none: (value: unknown) => value === null,
  boolean: (value: unknown) => typeof value === 'boolean',
  true: (value: unknown) => value === true,
  false: (value: unknown) => value === false,
  integer: (value: unknown) => isNumber(value) && Number.isInteger(value),
  float: (value: unknown) => isNumber(value) && !Number.isInteger(value),
  number: isNumber,
  string: isStringLike,
  mapping: isPlainObject,
  sequence: (value: unknown) => Array.isArray(value) || isStringLike(value) || isPlainObject(value),
  iterable: (value: unknown) => Array.isArray(value) || isStringLike(value) || isPlainObject(value),
  callable: isTrusted,
  eq: pyEq,
  equalto: pyEq,
  sameas: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => !pyEq(a, b),
  in: (value: unknown, seq: unknown) =>
    Array.isArray(seq)
      ? seq.some((x) => pyEq(x, value))
      : isPlainObject(seq)
        ? Object.hasOwn(seq, String(value))
        : pyStr(seq).includes(pyStr(value)),
};

function range(this: unknown, ...args: unknown[]): number[] {
  const ints = args.map((a) => {
    if (typeof a !== 'number' || !Number.isInteger(a))
      throw new TemplateRenderError(`range() arguments must be integers, not '${pyTypeName(a)}'`);
    return a;
  });
  const [start, stop, step] = ints.length === 1 ? [0, ints[0], 1] : [ints[0], ints[1], ints[2] ?? 1];
  if (step === 0) throw new TemplateRenderError('range() arg 3 must not be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE) {
    throw new TemplateLimitError(
      ErrorCode.TEMPLATE_RANGE_LIMIT,
      `range() is limited to ${MAX_RANGE} items, ${count} requested`,
    );
  }
  return Array.from({ length: count }, (_x, i) => start + i * step);
}

class Cycler extends TemplateObject {
  current: unknown;
  private index = 0;
  constructor(private readonly items: unknown[]) {
    super();
    this.current = items[0];
    this.next = trust(() => {
      const value = this.items[this.index];
      this.index = (this.index + 1) % this.items.length;
      this.current = this.items[this.index];
      return value;
    });
    this.reset = trust(() => {
      this.index = 0;
      this.current = this.items[0];
      return null;
    });
  }
  next: () => unknown;
  reset: () => unknown;
}

class Namespace extends TemplateObject {}

const globals: Record<string, Fn> = {
  range,
  raise_exception(message: unknown) {
    throw new TemplateRaisedError(pyStr(message));
  },
  namespace(...args: unknown[]) {
    const { positional, kwargs } = splitArgs(args);
    const ns = new Namespace();
    for (const source of [...positional, kwargs]) if (isPlainObject(source)) Object.assign(ns, source);
    return ns;
  },
  dict(...args: unknown[]) {
    const { kwargs } = splitArgs(args);
    return { ...kwargs };
  },
  cycler: (...items: unknown[]) => new Cycler(items),
  joiner(separator: unknown = ', ') {
    let first = true;
    return trust(() => {
      if (first) {
        first = false;
        return '';
      }
      return pyStr(separator);
    });
  },
};

function createEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment([], {
    autoescape: false,
    throwOnUndefined: false,
    trimBlocks: false,
    lstripBlocks: false,
  });
  for (const [name, filter] of Object.entries(filters)) env.addFilter(name, filter);
  for (const [name, test] of Object.entries(tests))
    (env as unknown as { addTest(n: string, t: Fn): void }).addTest(name, test);
  for (const [name, fn] of Object.entries(globals)) env.addGlobal(name, trust(fn));
  return env;
}

export const environment = createEnvironment();
export const environmentInternals = environment as unknown as {
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
  globals: Record<string, unknown>;
};
