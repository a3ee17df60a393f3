/**
 * Jinja2 3.1's built-in filters, with Python signatures (positional or keyword arguments) and
 * Python results. Filters that return iterators in Jinja2 (`map`, `select`, `reverse`, ...)
 * return lists here. Anything that builds a string or list from a count is size-guarded.
 */
import { assertSize, spend, spendLinear } from './budget';
import { TemplateRenderError } from './errors';
import { isKeywordArgs, keywordArgs, splitArgs } from './keywords';
import {
  PyFloat,
  PySet,
  dataValue,
  groupTuple,
  isFloat,
  isInt,
  isNumeric,
  isPlainObject,
  isSafeString,
  isStringLike,
  makeFloat,
  markSafe,
  num,
  percentFormat,
  codePointCount,
  pyCompare,
  pyEq,
  pyRepr,
  pyRound,
  pyStr,
  pyTruthy,
  pyTypeName,
  toJson,
  tuple,
} from './python';
import { iterate } from './runtime';
import { NOT_FOUND, center, safeGet, strip } from './sandbox';

export type Fn = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a filter sees as `this`: the render context, with the environment and the size budget. */
export interface FilterThis {
  env: { filters: Record<string, Fn>; tests: Record<string, Fn> };
  maxItems?: number;
}

const DEFAULT_MAX_ITEMS = 1_000_000;

function maxItems(self: FilterThis | undefined): number {
  return self?.maxItems ?? DEFAULT_MAX_ITEMS;
}

export { splitArgs };

/**
 * Wraps `impl(value, ...params)` so templates can pass the parameters by position or by name, as
 * in Python; unknown names and extra arguments are errors, missing ones take the JS default.
 */
export function pySignature(name: string, params: string[], impl: Fn): Fn {
  return function call(this: unknown, value: unknown, ...rest: unknown[]) {
    const hasKwargs = isKeywordArgs(rest[rest.length - 1]);
    if (!hasKwargs && rest.length <= params.length) return impl.call(this, value, ...rest);
    const { positional, kwargs } = splitArgs(rest);
    if (positional.length > params.length) {
      throw new TemplateRenderError(`${name}() takes at most ${params.length + 1} arguments`);
    }
    const args = [...positional];
    for (const key of Object.keys(kwargs)) {
      const index = params.indexOf(key);
      if (index < 0) throw new TemplateRenderError(`${name}() got an unexpected keyword argument '${key}'`);
      if (index < positional.length)
        throw new TemplateRenderError(`${name}() got multiple values for argument '${key}'`);
      args[index] = kwargs[key];
    }
    return impl.call(this, value, ...args);
  };
}

function str(value: unknown): string {
  return isSafeString(value) ? value.val : pyStr(value);
}

/** Dotted attribute paths (`user.name`, `0`, `a,b` for several keys) resolved with the sandbox rules. */
export function attrGetter(
  attribute: unknown,
  options: { lower?: boolean; fallback?: unknown } = {},
): (item: unknown) => unknown {
  if (isStringLike(attribute) && String(attribute).includes(',')) {
    const getters = String(attribute)
      .split(',')
      .map((part) => attrGetter(part.trim(), options));
    return (item) => tuple(getters.map((get) => get(item)));
  }
  const parts = isInt(attribute) ? [attribute] : String(attribute).split('.');
  return (item) => {
    let value: unknown = item;
    for (const part of parts) {
      const key =
        typeof part === 'string' && /^\d+$/.test(part) && (Array.isArray(value) || isStringLike(value))
          ? Number(part)
          : part;
      value = safeGet(value, key);
      if (value === NOT_FOUND) {
        value = options.fallback;
        break;
      }
    }
    if (options.lower && isStringLike(value)) return String(value).toLowerCase();
    return value;
  };
}

function sortKey(caseSensitive: boolean) {
  return (value: unknown) => (!caseSensitive && isStringLike(value) ? String(value).toLowerCase() : value);
}

function sortBy<T>(items: T[], key: (item: T) => unknown, reverse = false): T[] {
  const keyed = items.map((item, index) => ({ item, key: key(item), index }));
  keyed.sort((a, b) => {
    spend();
    const c = pyCompare(a.key, b.key);
    return (reverse ? -c : c) || a.index - b.index;
  });
  return keyed.map((k) => k.item);
}

function length(value: unknown): number {
  if (isStringLike(value)) return codePointCount(String(value));
  if (Array.isArray(value)) return value.length;
  if (isPlainObject(value)) return Object.keys(value).length;
  throw new TemplateRenderError(`object of type '${pyTypeName(value)}' has no len()`);
}

function getTest(self: FilterThis, name: unknown): Fn {
  const key = String(name);
  if (!Object.hasOwn(self.env.tests, key)) throw new TemplateRenderError(`No test named '${key}'`);
  return self.env.tests[key];
}

function selectOrReject(expected: boolean, byAttribute: boolean) {
  return function filter(this: FilterThis, seq: unknown, ...rawArgs: unknown[]) {
    const { positional } = splitArgs(rawArgs);
    const args = [...positional];
    if (byAttribute && args.length === 0) throw new TemplateRenderError('Missing parameter for attribute name');
    const get = byAttribute ? attrGetter(args.shift()) : (item: unknown) => item;
    const testName = args.shift();
    const test = testName === undefined ? null : getTest(this, testName);
    return iterate(seq).filter((item) => {
      spend();
      const value = get(item);
      const passed = test ? test.call(this, value, ...args) === true : pyTruthy(value);
      return passed === expected;
    });
  };
}

/** The last `count` characters of the text held in `parts`. */
function tailOf(parts: string[], count: number): string {
  let tail = '';
  for (let i = parts.length - 1; i >= 0 && tail.length < count; i--) tail = parts[i] + tail;
  return tail.slice(Math.max(0, tail.length - count));
}

/** Drops the last `count` characters of the text held in `parts`. */
function dropTail(parts: string[], count: number): void {
  while (count > 0) {
    const last = parts.pop() as string;
    if (last.length > count) parts.push(last.slice(0, last.length - count));
    count -= last.length;
  }
}

/**
 * markupsafe's `striptags` step: repeatedly remove the first `open … close` span (the search for
 * `close` starts at `open`), until an `open` has no `close` after it. Its loop rebuilds the string
 * on every removal; this one moves forward once, watching for an `open` that a removal forms
 * across the cut from the text already kept, so it is linear with the same result.
 */
export function removeDelimited(text: string, open: string, close: string): string {
  spendLinear(text.length);
  const kept: string[] = [];
  let keptLength = 0;
  let pos = 0;
  for (;;) {
    spend();
    const tail = tailOf(kept, open.length - 1);
    const window = tail + text.slice(pos, pos + open.length + close.length);
    let start = -1;
    for (let k = 0; k < tail.length && start < 0; k++)
      if (window.startsWith(open, k)) start = keptLength - tail.length + k;
    if (start < 0) {
      const found = text.indexOf(open, pos);
      if (found < 0) break;
      start = keptLength + found - pos;
    }
    let end = -1;
    const before = keptLength - start;
    if (before > 0) {
      const around = tailOf(kept, before) + text.slice(pos, pos + close.length + open.length);
      const found = around.indexOf(close);
      if (found >= 0 && found < before) end = start + found;
    }
    if (end < 0) {
      const found = text.indexOf(close, pos + Math.max(0, start - keptLength));
      if (found < 0) break;
      end = keptLength + found - pos;
    }
    if (start < keptLength) dropTail(kept, keptLength - start);
    else kept.push(text.slice(pos, pos + start - keptLength));
    pos += end + close.length - keptLength;
    keptLength = start;
  }
  kept.push(text.slice(pos));
  return kept.join('');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

export function escapeHtml(value: unknown): unknown {
  if (isSafeString(value)) return value;
  return markSafe(str(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return Object.hasOwn(ENTITIES, ref) ? ENTITIES[ref] : whole;
  });
}

/** Python's `urllib.parse.quote` over UTF-8 bytes. */
function urlQuote(value: unknown, forQuery: boolean): string {
  const text = str(value);
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(ch) || (!forQuery && ch === '/')) out += ch;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQuery ? out.replace(/%20/g, '+') : out;
}

/** Python's `float(str)`: surrounding whitespace, underscores between digits, inf/nan. */
function parseFloatStrict(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(s)) return NaN;
  if (!/^[+-]?(\d(_?\d)*)?(\.(\d(_?\d)*)?)?(e[+-]?\d(_?\d)*)?$/.test(s) || !/\d/.test(s.split('e')[0]))
    return undefined;
  return Number(s.replace(/_/g, ''));
}

/** Python's `int(str, base)`. */
function parseIntStrict(text: string, base: number): number | undefined {
  let s = text.trim().toLowerCase().replace(/_/g, '');
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  const prefixes: Record<string, number> = { '0x': 16, '0o': 8, '0b': 2 };
  const prefix = prefixes[s.slice(0, 2)];
  if (prefix !== undefined && (base === prefix || base === 0)) {
    s = s.slice(2);
    base = prefix;
  } else if (base === 0) base = 10;
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  if (s === '' || [...s].some((c) => !digits.includes(c))) return undefined;
  return sign * parseInt(s, base);
}

function toInt(value: unknown, fallback: unknown, base: number): unknown {
  if (isStringLike(value)) {
    const parsed = parseIntStrict(String(value), base);
    if (parsed !== undefined) return parsed;
    const asFloat = parseFloatStrict(String(value));
    return asFloat !== undefined && Number.isFinite(asFloat) ? Math.trunc(asFloat) || 0 : fallback;
  }
  if (isNumeric(value)) {
    const n = num(value);
    return Number.isFinite(n) ? Math.trunc(n) || 0 : fallback;
  }
  return fallback;
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (isStringLike(value)) {
    const parsed = parseFloatStrict(String(value));
    return parsed === undefined ? fallback : makeFloat(parsed);
  }
  if (isNumeric(value)) return makeFloat(num(value));
  return fallback;
}

/** textwrap.wrap as Jinja2 calls it (no tab expansion, whitespace kept inside lines). */
function wrapParagraph(line: string, width: number, breakLongWords: boolean, breakOnHyphens: boolean): string[] {
  const pieces = line.split(/(\s+)/).filter((p) => p !== '');
  const chunks: string[] = [];
  for (const piece of pieces) {
    if (/^\s+$/.test(piece) || !breakOnHyphens) chunks.push(piece);
    else chunks.push(...piece.split(/(?<=[^\W\d_]-)(?=[^\W\d_])/u));
  }
  const lines: string[] = [];
  let current: string[] = [];
  let currentLength = 0;
  chunks.reverse();
  while (chunks.length) {
    spend();
    current = [];
    currentLength = 0;
    if (lines.length > 0 && /^\s+$/.test(chunks[chunks.length - 1])) chunks.pop();
    while (chunks.length) {
      const chunk = chunks[chunks.length - 1];
      if (currentLength + chunk.length <= width) {
        current.push(chunks.pop() as string);
        currentLength += chunk.length;
      } else break;
    }
    if (chunks.length && chunks[chunks.length - 1].length > width) {
      const chunk = chunks[chunks.length - 1];
      const space = Math.max(1, width - currentLength);
      if (breakLongWords) {
        current.push(chunk.slice(0, space));
        chunks[chunks.length - 1] = chunk.slice(space);
      } else if (current.length === 0) {
        current.push(chunks.pop() as string);
      }
    }
    while (current.length && /^\s+$/.test(current[current.length - 1])) current.pop();
    if (current.length) lines.push(current.join(''));
  }
  return lines;
}

const LIPSUM_WORDS = (
  'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit ' +
  'class commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae ' +
  'cursus dapibus diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit ' +
  'enim erat eros est et etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla ' +
  'fusce gravida habitant habitasse hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ' +
  'ipsum justo lacinia lacus laoreet lectus leo libero ligula litora lobortis lorem luctus maecenas magna magnis ' +
  'malesuada massa mattis mauris metus mi molestie mollis montes morbi mus nam nascetur natoque nec neque netus ' +
  'nibh nisi nisl non nonummy nostra nulla nullam nunc odio orci ornare parturient pede pellentesque penatibus ' +
  'per pharetra phasellus placerat platea porta porttitor posuere potenti praesent pretium primis proin pulvinar ' +
  'purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien scelerisque sed sem semper senectus sit ' +
  'sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor tempus tincidunt torquent ' +
  'tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit venenatis vestibulum ' +
  'vitae vivamus viverra volutpat vulputate'
).split(' ');

/** Jinja2's `lipsum()` global: random lorem ipsum paragraphs, bounded. */
export function lipsum(n = 5, html = true, min = 20, max = 100): unknown {
  const count = Math.min(Math.max(0, Number(n)), 100);
  const lo = Math.min(Math.max(1, Number(min)), 1000);
  const hi = Math.min(Math.max(lo, Number(max)), 1000);
  const pick = () => LIPSUM_WORDS[Math.floor(Math.random() * LIPSUM_WORDS.length)];
  const paragraphs: string[] = [];
  for (let p = 0; p < count; p++) {
    const words = Array.from({ length: lo + Math.floor(Math.random() * (hi - lo + 1)) }, pick);
    const text = words.join(' ');
    paragraphs.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}.`);
  }
  if (!html) return paragraphs.join('\n\n');
  return markSafe(paragraphs.map((p) => `<p>${p}</p>`).join('\n'));
}

const f = pySignature;

export const filters: Record<string, Fn> = {
  abs: f('abs', [], (value: unknown) => {
    if (value instanceof PyFloat) return new PyFloat(Math.abs(value.value));
    if (!isNumeric(value)) throw new TemplateRenderError(`bad operand type for abs(): '${pyTypeName(value)}'`);
    return Math.abs(num(value));
  }),
  attr: f('attr', ['name'], (value: unknown, name: unknown) => {
    const v = safeGet(value, name);
    return v === NOT_FOUND ? undefined : v;
  }),
  batch: f(
    'batch',
    ['linecount', 'fill_with'],
    function (this: FilterThis, value: unknown, count: unknown, fill: unknown) {
      const size = num(count);
      if (!isNumeric(count) || size < 1) throw new TemplateRenderError('batch() needs a line count of at least 1');
      const items = iterate(value);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) {
        spend();
        out.push(items.slice(i, i + size));
      }
      const last = out[out.length - 1];
      if (last && fill !== undefined && fill !== null && last.length < size) {
        assertSize(size, maxItems(this));
        while (last.length < size) last.push(fill);
      }
      return out;
    },
  ),
  capitalize: f('capitalize', [], (value: unknown) => {
    const s = str(value);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  }),
  center: f('center', ['width'], function (this: FilterThis, value: unknown, width: unknown = 80) {
    assertSize(num(width), maxItems(this));
    return center(str(value), num(width));
  }),
  count: f('count', [], length),
  d: f('default', ['default_value', 'boolean'], (value: unknown, fallback: unknown = '', boolean: unknown = false) =>
    value === undefined || (pyTruthy(boolean) && !pyTruthy(value)) ? fallback : value,
  ),
  dictsort: f(
    'dictsort',
    ['case_sensitive', 'by', 'reverse'],
    (value: unknown, caseSensitive: unknown = false, by: unknown = 'key', reverse: unknown = false) => {
      if (!isPlainObject(value)) throw new TemplateRenderError('dictsort: a mapping is required');
      if (by !== 'key' && by !== 'value') throw new TemplateRenderError('You can only sort by either "key" or "value"');
      const pos = by === 'key' ? 0 : 1;
      const lower = sortKey(pyTruthy(caseSensitive));
      const items = Object.keys(value).map((key) => tuple([key, dataValue(value, key)]));
      return sortBy(items, (item) => lower(item[pos]), pyTruthy(reverse));
    },
  ),
  e: f('escape', [], escapeHtml),
  filesizeformat: f('filesizeformat', ['binary'], (value: unknown, binary: unknown = false) => {
    const bytes = num(toFloat(value, 0));
    const base = pyTruthy(binary) ? 1024 : 1000;
    const prefixes = pyTruthy(binary)
      ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
      : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let unit = base;
    let prefix = prefixes[0];
    for (let i = 0; i < prefixes.length; i++) {
      unit = base ** (i + 2);
      prefix = prefixes[i];
      if (bytes < unit) break;
    }
    return `${((base * bytes) / unit).toFixed(1)} ${prefix}`;
  }),
  first: f('first', [], (value: unknown) => iterate(value)[0]),
  float: f('float', ['default'], (value: unknown, fallback: unknown = new PyFloat(0)) => toFloat(value, fallback)),
  forceescape: f('forceescape', [], (value: unknown) => escapeHtml(str(value))),
  format: (value: unknown, ...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    if (positional.length && Object.keys(kwargs).length) {
      throw new TemplateRenderError("can't handle positional and keyword arguments at the same time");
    }
    return percentFormat(str(value), Object.keys(kwargs).length ? kwargs : tuple(positional));
  },
  groupby: f(
    'groupby',
    ['attribute', 'default', 'case_sensitive'],
    (value: unknown, attribute: unknown, fallback: unknown, caseSensitive: unknown = false) => {
      const cs = pyTruthy(caseSensitive);
      const key = attrGetter(attribute, { lower: !cs, fallback });
      const real = attrGetter(attribute, { fallback });
      const groups: { key: unknown; list: unknown[] }[] = [];
      for (const item of sortBy(iterate(value), key)) {
        const k = key(item);
        const last = groups[groups.length - 1];
        if (last && pyEq(last.key, k)) last.list.push(item);
        else groups.push({ key: k, list: [item] });
      }
      return groups.map((g) => groupTuple(cs ? g.key : real(g.list[0]), g.list));
    },
  ),
  indent: f(
    'indent',
    ['width', 'first', 'blank'],
    (value: unknown, width: unknown = 4, first: unknown = false, blank: unknown = false) => {
      const text = str(value);
      const lines = `${text}\n`.split(/\r\n|\r|\n/);
      lines.pop();
      const indentWidth = isStringLike(width) ? width.length : Math.max(0, num(width));
      assertSize(text.length + (lines.length + 1) * indentWidth);
      spendLinear(text.length);
      const indention = isStringLike(width) ? String(width) : ' '.repeat(indentWidth);
      let rv: string;
      if (pyTruthy(blank)) rv = lines.join(`\n${indention}`);
      else {
        rv = lines.shift() ?? '';
        if (lines.length) rv += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
      }
      return pyTruthy(first) ? indention + rv : rv;
    },
  ),
  int: f('int', ['default', 'base'], (value: unknown, fallback: unknown = 0, base: unknown = 10) =>
    toInt(value, fallback, num(base)),
  ),
  items: f('items', [], (value: unknown) => {
    if (value === undefined) return [];
    if (!isPlainObject(value)) throw new TemplateRenderError('Can only get item pairs from a mapping.');
    return Object.keys(value).map((key) => tuple([key, dataValue(value, key)]));
  }),
  join: f(
    'join',
    ['d', 'attribute'],
    function (this: FilterThis, value: unknown, separator: unknown = '', attribute: unknown) {
      const items = iterate(value);
      const values = attribute === undefined || attribute === null ? items : items.map(attrGetter(attribute));
      const sep = str(separator);
      let size = 0;
      const parts = values.map((item) => {
        const text = str(item);
        size += text.length + sep.length;
        assertSize(size, maxItems(this));
        return text;
      });
      const joined = parts.join(sep);
      return values.some(isSafeString) && isSafeString(separator) ? markSafe(joined) : joined;
    },
  ),
  last: f('last', [], (value: unknown) => iterate(value).at(-1)),
  length: f('length', [], length),
  list: f('list', [], (value: unknown) => [...iterate(value)]),
  lower: f('lower', [], (value: unknown) => str(value).toLowerCase()),
  map(this: FilterThis, value: unknown, ...rawArgs: unknown[]) {
    const { positional, kwargs } = splitArgs(rawArgs);
    const items = iterate(value);
    if (kwargs.attribute !== undefined) {
      const get = attrGetter(kwargs.attribute, { fallback: kwargs.default });
      return items.map(get);
    }
    const [name, ...args] = positional;
    if (name === undefined) throw new TemplateRenderError('map requires a filter argument');
    const key = String(name);
    if (!Object.hasOwn(this.env.filters, key)) throw new TemplateRenderError(`No filter named '${key}'`);
    const filter = this.env.filters[key];
    const kw = Object.keys(kwargs).length ? [keywordArgs({ ...kwargs })] : [];
    return items.map((item) => {
      spend();
      return filter.call(this, item, ...args, ...kw);
    });
  },
  max: f(
    'max',
    ['case_sensitive', 'attribute'],
    (value: unknown, caseSensitive: unknown = false, attribute: unknown) => {
      const items = iterate(value);
      if (items.length === 0) return undefined;
      const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
      const key = sortKey(pyTruthy(caseSensitive));
      return items.reduce((best, item) => (pyCompare(key(get(item)), key(get(best))) > 0 ? item : best));
    },
  ),
  min: f(
    'min',
    ['case_sensitive', 'attribute'],
    (value: unknown, caseSensitive: unknown = false, attribute: unknown) => {
      const items = iterate(value);
      if (items.length === 0) return undefined;
      const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
      const key = sortKey(pyTruthy(caseSensitive));
      return items.reduce((best, item) => (pyCompare(key(get(item)), key(get(best))) < 0 ? item : best));
    },
  ),
  pprint: f('pprint', [], (value: unknown) => pyRepr(value)),
  random: f('random', [], (value: unknown) => {
    const items = iterate(value);
    if (items.length === 0) throw new TemplateRenderError('Cannot choose from an empty sequence');
    return items[Math.floor(Math.random() * items.length)];
  }),
  reject: selectOrReject(false, false),
  rejectattr: selectOrReject(false, true),
  replace: f(
    'replace',
    ['old', 'new', 'count'],
    function (this: FilterThis, value: unknown, old: unknown, repl: unknown, count: unknown) {
      const s = str(value);
      const from = str(old);
      const to = str(repl);
      const parts = s.split(from);
      const n = count === undefined || count === null || num(count) < 0 ? parts.length - 1 : num(count);
      assertSize(s.length + Math.min(n, parts.length - 1) * to.length, maxItems(this));
      spendLinear(s.length);
      if (from === '') {
        const chars = Array.from(s);
        const limit = Math.min(n, chars.length + 1);
        let out = '';
        for (let i = 0; i <= chars.length; i++) out += (i < limit ? to : '') + (chars[i] ?? '');
        return out;
      }
      return parts.slice(0, n + 1).join(to) + (n + 1 < parts.length ? from + parts.slice(n + 1).join(from) : '');
    },
  ),
  reverse: f('reverse', [], (value: unknown) => {
    if (isStringLike(value)) return Array.from(String(value)).reverse().join('');
    return [...iterate(value)].reverse();
  }),
  round: f('round', ['precision', 'method'], (value: unknown, precision: unknown = 0, method: unknown = 'common') => {
    if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
      throw new TemplateRenderError('method must be common, ceil or floor');
    }
    if (!isNumeric(value)) throw new TemplateRenderError(`type ${pyTypeName(value)} doesn't define __round__ method`);
    const digits = num(precision);
    if (method === 'common') {
      const rounded = pyRound(num(value), digits);
      return isFloat(value) ? makeFloat(rounded) : rounded;
    }
    const factor = 10 ** digits;
    return makeFloat((method === 'ceil' ? Math.ceil : Math.floor)(num(value) * factor) / factor);
  }),
  safe: f('safe', [], (value: unknown) => (isSafeString(value) ? value : markSafe(str(value)))),
  select: selectOrReject(true, false),
  selectattr: selectOrReject(true, true),
  slice: f(
    'slice',
    ['slices', 'fill_with'],
    function (this: FilterThis, value: unknown, slices: unknown, fill: unknown) {
      const count = num(slices);
      if (!isNumeric(slices) || count < 1) throw new TemplateRenderError('slice() needs at least one slice');
      assertSize(count, maxItems(this));
      const seq = iterate(value);
      const perSlice = Math.floor(seq.length / count);
      const withExtra = seq.length % count;
      let offset = 0;
      const out: unknown[][] = [];
      for (let n = 0; n < count; n++) {
        spend();
        const start = offset + n * perSlice;
        if (n < withExtra) offset += 1;
        const end = offset + (n + 1) * perSlice;
        const part = seq.slice(start, end);
        if (fill !== undefined && fill !== null && n >= withExtra) part.push(fill);
        out.push(part);
      }
      return out;
    },
  ),
  sort: f(
    'sort',
    ['reverse', 'case_sensitive', 'attribute'],
    (value: unknown, reverse: unknown = false, caseSensitive: unknown = false, attribute: unknown) => {
      const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
      const lower = sortKey(pyTruthy(caseSensitive));
      const key = (item: unknown) => {
        const k = get(item);
        return Array.isArray(k) ? tuple(k.map(lower)) : lower(k);
      };
      return sortBy([...iterate(value)], key, pyTruthy(reverse));
    },
  ),
  string: f('string', [], (value: unknown) => (isSafeString(value) ? value : pyStr(value))),
  striptags: f('striptags', [], (value: unknown) => {
    const text = removeDelimited(removeDelimited(str(value), '<!--', '-->'), '<', '>');
    return unescapeHtml((text.match(/\S+/g) ?? []).join(' '));
  }),
  sum: f('sum', ['attribute', 'start'], (value: unknown, attribute: unknown, start: unknown = 0) => {
    const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
    let total: unknown = start;
    for (const item of iterate(value)) {
      const v = get(item);
      if (!isNumeric(v) || !isNumeric(total)) {
        throw new TemplateRenderError(
          `unsupported operand type(s) for +: '${pyTypeName(total)}' and '${pyTypeName(v)}'`,
        );
      }
      const result = num(total) + num(v);
      total = isFloat(total) || isFloat(v) ? makeFloat(result) : result;
    }
    return total;
  }),
  title: f('title', [], (value: unknown) =>
    str(value)
      .split(/([-\s({[<]+)/)
      .filter(Boolean)
      .map((item) => item.charAt(0).toUpperCase() + item.slice(1).toLowerCase())
      .join(''),
  ),
  tojson: f('tojson', ['indent'], (value: unknown, indent: unknown) =>
    markSafe(toJson(value, indent === undefined || indent === null ? undefined : num(indent))),
  ),
  trim: f('trim', ['chars'], (value: unknown, chars: unknown) => {
    const s = str(value);
    if (chars === undefined || chars === null) return s.trim();
    return strip(s, str(chars), true, true);
  }),
  truncate: f(
    'truncate',
    ['length', 'killwords', 'end', 'leeway'],
    (value: unknown, len: unknown = 255, killwords: unknown = false, end: unknown = '...', leeway: unknown = 5) => {
      const s = str(value);
      const max = num(len);
      const tail = str(end);
      const lee = leeway === undefined || leeway === null ? 5 : num(leeway);
      if (max < tail.length) throw new TemplateRenderError(`expected length >= ${tail.length}, got ${max}`);
      if (lee < 0) throw new TemplateRenderError(`expected leeway >= 0, got ${lee}`);
      if (s.length <= max + lee) return s;
      if (pyTruthy(killwords)) return s.slice(0, max - tail.length) + tail;
      const head = s.slice(0, max - tail.length);
      const cut = head.lastIndexOf(' ');
      return (cut < 0 ? head : head.slice(0, cut)) + tail;
    },
  ),
  unique: f(
    'unique',
    ['case_sensitive', 'attribute'],
    (value: unknown, caseSensitive: unknown = false, attribute: unknown) => {
      const get = attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
      const key = sortKey(pyTruthy(caseSensitive));
      const seen = new PySet();
      return iterate(value).filter((item) => {
        spend();
        return seen.add(key(get(item)));
      });
    },
  ),
  upper: f('upper', [], (value: unknown) => str(value).toUpperCase()),
  urlencode: f('urlencode', [], (value: unknown) => {
    if (isStringLike(value)) return urlQuote(value, false);
    const pairs = isPlainObject(value)
      ? Object.keys(value).map((key) => [key, dataValue(value, key)])
      : iterate(value).map((pair) => iterate(pair));
    return pairs.map(([k, v]) => `${urlQuote(k, true)}=${urlQuote(v, true)}`).join('&');
  }),
  urlize: f(
    'urlize',
    ['trim_url_limit', 'nofollow', 'target', 'rel'],
    (value: unknown, trim: unknown, nofollow: unknown, target: unknown, rel: unknown) => {
      const rels = new Set([
        'noopener',
        ...str(rel ?? '')
          .split(/\s+/)
          .filter(Boolean),
      ]);
      if (pyTruthy(nofollow)) rels.add('nofollow');
      const relText = ` rel="${[...rels].sort().join(' ')}"`;
      const targetText = target ? ` target="${str(escapeHtml(target))}"` : '';
      return str(value).replace(/\b(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]|www\.[^\s<>"']+[^\s<>"'.,;:!?)])/g, (url) => {
        const href = url.startsWith('www.') ? `https://${url}` : url;
        const limit = trim === undefined || trim === null ? Infinity : num(trim);
        const label = url.length > limit ? `${url.slice(0, limit)}...` : url;
        return `<a href="${href}"${relText}${targetText}>${label}</a>`;
      });
    },
  ),
  wordcount: f('wordcount', [], (value: unknown) => (str(value).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  wordwrap: f(
    'wordwrap',
    ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'],
    function (
      this: FilterThis,
      value: unknown,
      width: unknown = 79,
      breakLong: unknown = true,
      wrapstring: unknown,
      hyphens: unknown = true,
    ) {
      if (!isNumeric(width)) {
        throw new TemplateRenderError(`'<=' not supported between instances of '${pyTypeName(width)}' and 'int'`);
      }
      const w = num(width);
      if (!(w >= 1)) throw new TemplateRenderError(`invalid width ${pyStr(width)} (must be > 0)`);
      const s = str(value);
      const sep = wrapstring === undefined || wrapstring === null ? '\n' : str(wrapstring);
      assertSize(s.length * (1 + sep.length), maxItems(this) * 2);
      spendLinear(s.length);
      return s
        .split(/\r\n|\r|\n/)
        .map((line) => wrapParagraph(line, w, pyTruthy(breakLong), pyTruthy(hyphens)).join(sep))
        .join(sep);
    },
  ),
  xmlattr: f('xmlattr', ['autospace'], (value: unknown, autospace: unknown = true) => {
    if (!isPlainObject(value)) throw new TemplateRenderError('xmlattr: a mapping is required');
    const parts = Object.keys(value)
      .filter((key) => dataValue(value, key) !== null && dataValue(value, key) !== undefined)
      .map((key) => {
        if (/[\s/>=]/.test(key)) throw new TemplateRenderError(`Invalid character in attribute name: ${pyRepr(key)}`);
        return `${str(escapeHtml(key))}="${str(escapeHtml(dataValue(value, key)))}"`;
      });
    const text = parts.join(' ');
    return markSafe(text && pyTruthy(autospace) ? ` ${text}` : text);
  }),
};
filters.default = filters.d;
filters.escape = filters.e;
