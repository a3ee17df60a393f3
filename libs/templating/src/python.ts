/**
 * Python value semantics on top of JSON-shaped JavaScript values, so that templates print and
 * compute what Jinja2 would: `True`, `None`, `['a', 'b']`, `{'k': 1}`, `2.0`, `('a', 1)`, empty
 * lists are falsy, `7 // 2` is `3`, ...
 *
 * JavaScript has one number type. Integers are plain integer numbers; a non-integer number is a
 * float; a float that happens to have an integral value (`4 / 2`, `1.0`, `3|float`) is boxed in a
 * `PyFloat` so it prints as `2.0` like Python. Tuples are arrays registered in a WeakSet.
 */
import { assertSize, sizeLimit, spend, spendLinear } from './budget';
import { TemplateRenderError } from './errors';

export { TemplateSizeError, assertSize } from './budget';

/** nunjucks marks macro output and `|safe` values with this wrapper; it behaves as a string. */
export interface SafeStringLike {
  val: string;
  length: number;
  toString(): string;
}

let safeStringClass: (new (val: string) => SafeStringLike) | undefined;

export function registerSafeString(cls: new (val: string) => SafeStringLike): void {
  safeStringClass = cls;
}

export function isSafeString(value: unknown): value is SafeStringLike {
  return safeStringClass !== undefined && value instanceof safeStringClass;
}

export function markSafe(text: string): SafeStringLike {
  return new (safeStringClass as new (val: string) => SafeStringLike)(text);
}

/** A Python float whose value is integral (`2.0`); other floats stay plain numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return formatFloat(this.value);
  }
}

/** `n` as a Python float: boxed only when JavaScript would print it as an integer. */
export function makeFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** int, float or bool (a Python int subclass). */
export function isNumeric(value: unknown): value is number | boolean | PyFloat {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat;
}

/** The JavaScript number behind an int, float or bool. */
export function num(value: unknown): number {
  if (value instanceof PyFloat) return value.value;
  return Number(value);
}

const tuples = new WeakSet<object>();
const groupTuples = new WeakSet<object>();

/** Marks `items` as a Python tuple (printed `(a, b)`, spread by `%` formatting). */
export function tuple<T extends unknown[]>(items: T): T {
  tuples.add(items);
  return items;
}

export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && tuples.has(value);
}

/** `groupby` yields `(grouper, list)` tuples that also answer `.grouper` and `.list`. */
export function groupTuple(grouper: unknown, list: unknown[]): unknown[] {
  const t = tuple([grouper, list]);
  groupTuples.add(t);
  return t;
}

export function isGroupTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && groupTuples.has(value);
}

/** A plain data object (a Python dict): created by JSON, a literal or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The value of an own data property. Accessor properties (getters on objects passed in as
 * variables) are never invoked and read as None: a template must not run host code.
 */
export function dataValue(obj: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(obj, key);
  if (!descriptor) return undefined;
  return 'value' in descriptor ? descriptor.value : null;
}

export function isStringLike(value: unknown): value is string | SafeStringLike {
  return typeof value === 'string' || isSafeString(value);
}

export function pyTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (value === undefined) return 'Undefined';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof PyFloat) return 'float';
  if (isStringLike(value)) return 'str';
  if (isTuple(value)) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  if (isPlainObject(value)) return 'dict';
  return 'object';
}

function exponentForm(value: number): string | undefined {
  const [mantissa, expPart] = value.toExponential().split('e');
  const exp = Number(expPart);
  if (exp >= -4 && exp < 16) return undefined;
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python `repr(float)`: shortest round-trip digits, exponent outside 1e-4 <= |x| < 1e16. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const exp = exponentForm(value);
  if (exp !== undefined) return exp;
  if (Number.isInteger(value)) return `${Object.is(value, -0) ? '-0' : String(value)}.0`;
  return String(value);
}

/** Python `repr()` of a JavaScript number: integers as ints, others as floats. */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) {
    return Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
  }
  return formatFloat(value);
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what repr() escapes
const NEEDS_REPR_ESCAPE = /[\x00-\x1f\x7f-\x9f\\'"]/;
// eslint-disable-next-line no-control-regex -- the same set, every occurrence
const NEEDS_REPR_ESCAPE_ALL = /[\x00-\x1f\x7f-\x9f\\'"]/g;

const REPR_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function reprString(value: string): string {
  spendLinear(value.length);
  if (!NEEDS_REPR_ESCAPE.test(value)) return `'${value}'`;
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  // One native pass (a per-character loop here held the event loop for a megabyte string).
  const body = value.replace(NEEDS_REPR_ESCAPE_ALL, (ch) => {
    if (ch === quote) return `\\${ch}`;
    if (ch === "'" || ch === '"') return ch;
    return REPR_ESCAPES[ch] ?? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return quote + body + quote;
}

/**
 * Collects the pieces of a printed value and refuses, before joining them, a text longer than
 * the render may build: printing a small list that holds itself many times over stops early.
 */
class TextBuilder {
  private readonly parts: string[] = [];
  private length = 0;

  constructor(private readonly max = sizeLimit()) {}

  add(piece: string): void {
    this.length += piece.length;
    if (this.length > this.max) assertSize(this.length, this.max);
    this.parts.push(piece);
  }

  text(): string {
    spendLinear(this.length);
    return this.parts.join('');
  }
}

function writeRepr(value: unknown, out: TextBuilder, seen: Set<unknown>): void {
  spend();
  if (isStringLike(value)) return out.add(reprString(String(value)));
  if (value === undefined) return out.add('Undefined');
  if (!Array.isArray(value) && !isPlainObject(value)) return out.add(pyStr(value));
  if (seen.has(value)) return out.add(Array.isArray(value) ? '[...]' : '{...}');
  seen.add(value);
  if (Array.isArray(value)) {
    const isTupleValue = isTuple(value);
    out.add(isTupleValue ? '(' : '[');
    value.forEach((item, i) => {
      if (i > 0) out.add(', ');
      writeRepr(item, out, seen);
    });
    out.add(isTupleValue ? (value.length === 1 ? ',)' : ')') : ']');
  } else {
    out.add('{');
    Object.keys(value).forEach((key, i) => {
      if (i > 0) out.add(', ');
      out.add(reprString(key));
      out.add(': ');
      writeRepr(dataValue(value, key), out, seen);
    });
    out.add('}');
  }
  seen.delete(value);
}

/** Python `repr()`: how values look inside printed lists and dicts. */
export function pyRepr(value: unknown): string {
  if (isStringLike(value)) return reprString(String(value));
  const out = new TextBuilder();
  writeRepr(value, out, new Set());
  return out.text();
}

/** Python `str()`: what `{{ value }}`, `~` and `|string` produce. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PyFloat) return formatFloat(value.value);
  if (isSafeString(value)) return value.val;
  if (typeof value === 'function') return '<function>';
  if (Array.isArray(value) || isPlainObject(value)) return pyRepr(value);
  return '<object>';
}

/** `len(str)`: code points, not UTF-16 units. */
export function codePointCount(text: string): number {
  spendLinear(text.length);
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** A canonical string for a tuple of hashable values (strings length-prefixed, so unambiguous). */
function tupleKey(value: unknown): string {
  spend();
  if (isStringLike(value)) {
    const text = String(value);
    return `s${text.length}:${text}`;
  }
  if (isTuple(value)) return `t${value.length}(${value.map(tupleKey).join(',')})`;
  const plain = hashable(value);
  return plain === null ? 'N' : plain === undefined ? 'U' : `n${plain as number}`;
}

function hashable(value: unknown): unknown {
  if (typeof value === 'string' || typeof value === 'number' || value === null || value === undefined) return value;
  if (isSafeString(value)) return value.val;
  if (typeof value === 'boolean' || value instanceof PyFloat) return num(value);
  throw new TemplateRenderError(`unhashable type: '${pyTypeName(value)}'`);
}

/**
 * A set with Python's hashing rules: `1`, `1.0` and `True` are one member, tuples compare by
 * content, and lists and dicts are refused as unhashable. Adding is O(1) (tuples O(size)).
 */
export class PySet {
  private readonly plain = new Set<unknown>();
  private readonly tuples = new Set<string>();

  /** Adds `value`; false when an equal member was already there. */
  add(value: unknown): boolean {
    const [set, key] = isTuple(value) ? [this.tuples, tupleKey(value)] : [this.plain, hashable(value)];
    if ((set as Set<unknown>).has(key)) return false;
    (set as Set<unknown>).add(key);
    return true;
  }
}

/** Python truthiness: empty strings, lists and dicts are false, `0`, `0.0` and `None` too. */
export function pyTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isSafeString(value)) return value.val.length > 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python `==`: structural for lists and dicts, `1 == 1.0`, `True == 1`. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (isSafeString(a)) a = a.val;
  if (isSafeString(b)) b = b.val;
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (isNumeric(a) && isNumeric(b)) return num(a) === num(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    spend();
    return isTuple(a) === isTuple(b) && a.length === b.length && a.every((item, i) => pyEq(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    spend();
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  return false;
}

/** Python ordering (`<`) for numbers, strings and lists/tuples of those; -1, 0 or 1. */
export function pyCompare(a: unknown, b: unknown, op = '<'): number {
  if (isNumeric(a) && isNumeric(b)) {
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (isStringLike(a) && isStringLike(b)) {
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    spend();
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i], op);
    }
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  throw new TemplateRenderError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function typeError(op: string, a: unknown, b: unknown): TemplateRenderError {
  return new TemplateRenderError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** int op int stays an int; anything involving a float is a float. */
function arith(a: unknown, b: unknown, result: number): number | PyFloat {
  return isFloat(a) || isFloat(b) ? makeFloat(result) : result;
}

export function pyAdd(a: unknown, b: unknown, maxLength = sizeLimit()): unknown {
  if (isNumeric(a) && isNumeric(b)) return arith(a, b, num(a) + num(b));
  if (isStringLike(a) && isStringLike(b)) {
    assertSize(a.length + b.length, maxLength);
    return String(a) + String(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    assertSize(a.length + b.length, maxLength);
    spendLinear(a.length + b.length);
    const joined = [...a, ...b];
    return isTuple(a) ? tuple(joined) : joined;
  }
  if (isStringLike(a)) throw new TemplateRenderError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
  if (Array.isArray(a) && !isTuple(a)) {
    throw new TemplateRenderError(`can only concatenate list (not "${pyTypeName(b)}") to list`);
  }
  throw typeError('+', a, b);
}

export function pySub(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return arith(a, b, num(a) - num(b));
  throw typeError('-', a, b);
}

export function pyMul(a: unknown, b: unknown, maxLength = sizeLimit()): unknown {
  if (isNumeric(a) && isNumeric(b)) return arith(a, b, num(a) * num(b));
  if (isStringLike(b) || Array.isArray(b)) [a, b] = [b, a];
  if (isInt(b) || typeof b === 'boolean') {
    const count = Math.max(0, Number(b));
    if (isStringLike(a)) {
      const s = String(a);
      assertSize(count * s.length, maxLength);
      spendLinear(count * s.length);
      return s.repeat(count);
    }
    if (Array.isArray(a)) {
      assertSize(count * a.length, maxLength);
      spendLinear(count * a.length);
      const out: unknown[] = [];
      for (let i = 0; i < count; i++) out.push(...a);
      return isTuple(a) ? tuple(out) : out;
    }
  }
  if (isStringLike(a) || Array.isArray(a)) {
    throw new TemplateRenderError(`can't multiply sequence by non-int of type '${pyTypeName(b)}'`);
  }
  throw typeError('*', a, b);
}

export function pyDiv(a: unknown, b: unknown): number | PyFloat {
  if (!isNumeric(a) || !isNumeric(b)) throw typeError('/', a, b);
  if (num(b) === 0) throw new TemplateRenderError('division by zero');
  return makeFloat(num(a) / num(b));
}

export function pyFloorDiv(a: unknown, b: unknown): number | PyFloat {
  if (!isNumeric(a) || !isNumeric(b)) throw typeError('//', a, b);
  if (num(b) === 0) throw new TemplateRenderError('integer division or modulo by zero');
  return arith(a, b, Math.floor(num(a) / num(b)));
}

export function pyMod(a: unknown, b: unknown): unknown {
  if (isStringLike(a)) return percentFormat(String(a), b);
  if (!isNumeric(a) || !isNumeric(b)) throw typeError('%', a, b);
  const x = num(a);
  const y = num(b);
  if (y === 0) throw new TemplateRenderError('integer division or modulo by zero');
  return arith(a, b, x - y * Math.floor(x / y));
}

export function pyPow(a: unknown, b: unknown): unknown {
  if (!isNumeric(a) || !isNumeric(b)) throw typeError('** or pow()', a, b);
  const x = num(a);
  const y = num(b);
  if (x === 0 && y < 0) throw new TemplateRenderError('0.0 cannot be raised to a negative power');
  const result = x ** y;
  return isFloat(a) || isFloat(b) || y < 0 ? makeFloat(result) : result;
}

export function pyNeg(a: unknown): unknown {
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (isNumeric(a)) return -num(a) || 0;
  throw new TemplateRenderError(`bad operand type for unary -: '${pyTypeName(a)}'`);
}

export function pyPos(a: unknown): unknown {
  if (a instanceof PyFloat) return a;
  if (isNumeric(a)) return num(a);
  throw new TemplateRenderError(`bad operand type for unary +: '${pyTypeName(a)}'`);
}

/** Python's `round()`: half to even on the exact binary value, like CPython. */
export function pyRound(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  if (digits > 20) return value;
  if (digits < 0) {
    const factor = 10 ** -digits;
    return pyRound(value / factor, 0) * factor;
  }
  const exact = value.toFixed(Math.min(100, digits + 60));
  const cut = exact.indexOf('.') + 1 + digits;
  const rest = exact.slice(cut);
  const rounded = Number(value.toFixed(digits));
  if (/^50*$/.test(rest)) {
    const lastDigit = Number(exact[digits === 0 ? cut - 2 : cut - 1]);
    if (lastDigit % 2 === 0) return Number(exact.slice(0, digits === 0 ? cut - 1 : cut));
  }
  return rounded;
}

/** `value` with `digits` decimals as Python's `'%.Nf'` gives it (exact ties round to even). */
export function pyFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return formatFloat(value);
  if (digits > 40 || Math.abs(value) >= 1e21) return value.toFixed(Math.min(digits, 100));
  return pyRound(value, digits).toFixed(digits);
}

const PERCENT_SPEC = /([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdirfFeEgGxXoc%])/y;

/** Python's printf-style `'%s and %d' % (a, b)`, covering the conversions prompts use. */
export function percentFormat(format: string, args: unknown): string {
  const list = isTuple(args) ? args : [args];
  const named = isPlainObject(args) ? args : undefined;
  let next = 0;
  const take = (key: string | undefined) => {
    if (key !== undefined) {
      if (!named) throw new TemplateRenderError('format requires a mapping');
      if (!Object.hasOwn(named, key)) throw new TemplateRenderError(`KeyError: '${key}'`);
      return named[key];
    }
    if (next >= list.length) throw new TemplateRenderError('not enough arguments for format string');
    return list[next++];
  };
  const convert = (
    key: string | undefined,
    flags: string,
    width: string | undefined,
    precision: string | undefined,
    conv: string,
  ): string => {
    if (conv === '%') return '%';
    if (width === '*') width = String(num(take(undefined)));
    const value = take(key);
    const needNumber = () => {
      if (!isNumeric(value)) {
        throw new TemplateRenderError(`%${conv} format: a real number is required, not ${pyTypeName(value)}`);
      }
      return num(value);
    };
    let text: string;
    switch (conv) {
      case 's':
        text = pyStr(value);
        if (precision !== undefined) text = text.slice(0, Number(precision));
        break;
      case 'r':
        text = pyRepr(value);
        break;
      case 'd':
      case 'i':
        text = String(Math.trunc(needNumber()));
        break;
      case 'f':
      case 'F':
        text = pyFixed(needNumber(), precision === undefined ? 6 : Number(precision));
        break;
      case 'e':
      case 'E':
        text = needNumber().toExponential(precision === undefined ? 6 : Number(precision));
        text = text.replace(/e([+-])(\d)$/, 'e$10$2');
        if (conv === 'E') text = text.toUpperCase();
        break;
      case 'g':
      case 'G':
        text = formatG(needNumber(), precision === undefined ? 6 : Number(precision));
        if (conv === 'G') text = text.toUpperCase();
        break;
      case 'x':
      case 'X':
        text = Math.trunc(needNumber()).toString(16);
        if (conv === 'X') text = text.toUpperCase();
        break;
      case 'o':
        text = Math.trunc(needNumber()).toString(8);
        break;
      case 'c':
        text = typeof value === 'number' ? String.fromCodePoint(value) : pyStr(value);
        break;
      default:
        text = pyStr(value);
    }
    const numeric = !'src'.includes(conv);
    if (numeric && flags.includes('+') && !text.startsWith('-')) text = `+${text}`;
    else if (numeric && flags.includes(' ') && !text.startsWith('-')) text = ` ${text}`;
    const w = width === undefined ? 0 : Number(width);
    if (text.length < w) {
      assertSize(w);
      if (flags.includes('-')) text = text.padEnd(w);
      else if (flags.includes('0') && numeric) {
        const sign = /^[-+ ]/.test(text) ? text[0] : '';
        text = sign + text.slice(sign.length).padStart(w - sign.length, '0');
      } else text = text.padStart(w);
    }
    return text;
  };
  // A scanner rather than one regex: `%(` keys are found with one forward search for `)`, so a
  // format full of unclosed `%(` stays linear. A `%` that starts no valid spec is kept as text.
  const out = new TextBuilder();
  let copied = 0;
  let closeAt = -2;
  for (let at = format.indexOf('%'); at !== -1; at = format.indexOf('%', at + 1)) {
    let specAt = at + 1;
    let key: string | undefined;
    if (format[specAt] === '(') {
      if (closeAt !== -1 && closeAt < specAt) closeAt = format.indexOf(')', specAt);
      if (closeAt === -1) continue;
      key = format.slice(specAt + 1, closeAt);
      specAt = closeAt + 1;
    }
    PERCENT_SPEC.lastIndex = specAt;
    const m = PERCENT_SPEC.exec(format);
    if (!m) continue;
    out.add(format.slice(copied, at));
    out.add(convert(key, m[1], m[2], m[3], m[4]));
    copied = PERCENT_SPEC.lastIndex;
    at = copied - 1;
  }
  out.add(format.slice(copied));
  const result = out.text();
  if (!named && isTuple(args) && next < list.length) {
    throw new TemplateRenderError('not all arguments converted during string formatting');
  }
  return result;
}

function formatG(value: number, precision: number): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(value)));
  if (exp < -4 || exp >= p) {
    return value
      .toExponential(p - 1)
      .replace(/\.?0+e/, 'e')
      .replace(/e([+-])(\d)$/, 'e$10$2');
  }
  const fixed = value.toFixed(Math.max(0, p - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

const NEEDS_JSON_ESCAPE = /[^\x20-\x7e]|["\\<>&']/;
const NEEDS_JSON_ESCAPE_ALL = /[^\x20-\x7e]|["\\<>&']/g;

const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function jsonString(value: string): string {
  spendLinear(value.length);
  if (!NEEDS_JSON_ESCAPE.test(value)) return `"${value}"`;
  // ensure_ascii plus Jinja2's HTML-safe escapes, one UTF-16 unit at a time, so astral
  // characters become surrogate pairs as in Python.
  const body = value.replace(
    NEEDS_JSON_ESCAPE_ALL,
    (ch) => JSON_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${body}"`;
}

const MAX_JSON_DEPTH = 200;

function writeJson(value: unknown, out: TextBuilder, indent: string | undefined, depth: number): void {
  spend();
  if (depth > MAX_JSON_DEPTH) throw new TemplateRenderError('tojson: value is nested too deeply');
  if (isStringLike(value)) return out.add(jsonString(String(value)));
  if (value === null) return out.add('null');
  if (typeof value === 'boolean') return out.add(value ? 'true' : 'false');
  if (typeof value === 'number' || value instanceof PyFloat) {
    const n = num(value);
    if (!Number.isFinite(n)) return out.add(Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity');
    return out.add(pyStr(value));
  }
  if (!Array.isArray(value) && !isPlainObject(value)) {
    throw new TemplateRenderError(`Object of type ${pyTypeName(value)} is not JSON serializable`);
  }
  const keys = Array.isArray(value) ? undefined : Object.keys(value).sort();
  const count = keys ? keys.length : (value as unknown[]).length;
  const [open, close] = keys ? ['{', '}'] : ['[', ']'];
  if (count === 0) return out.add(open + close);
  if (indent !== undefined) assertSize(indent.length * (depth + 1));
  const pad = indent === undefined ? undefined : `\n${indent.repeat(depth + 1)}`;
  out.add(open);
  for (let i = 0; i < count; i++) {
    if (i > 0) out.add(pad === undefined ? ', ' : ',');
    if (pad !== undefined) out.add(pad);
    if (keys) {
      out.add(jsonString(keys[i]));
      out.add(': ');
      writeJson(dataValue(value, keys[i]), out, indent, depth + 1);
    } else writeJson((value as unknown[])[i], out, indent, depth + 1);
  }
  if (indent !== undefined) out.add(`\n${indent.repeat(depth)}`);
  out.add(close);
}

/** Jinja2's `|tojson`: `json.dumps(value, sort_keys=True)` made HTML-safe. */
export function toJson(value: unknown, indent?: number): string {
  let unit: string | undefined;
  if (indent !== undefined) {
    // json.dumps: a negative indent inserts newlines only; each level repeats the unit once more.
    assertSize(indent);
    unit = ' '.repeat(Math.max(0, indent));
  }
  const out = new TextBuilder();
  writeJson(value, out, unit, 0);
  return out.text();
}

/** Encoded size of `text` in UTF-8, computed without Node's Buffer so it runs in the browser. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
