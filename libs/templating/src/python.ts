/**
 * Python value semantics on top of JSON-shaped JavaScript values, so that templates print and
 * compute what Jinja2 would: `True`, `None`, `['a', 'b']`, `{'k': 1}`, empty lists are falsy, ...
 */
import { TemplateRenderError } from './errors';

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

/** A plain data object (a Python dict): created by JSON, a literal or `Object.create(null)`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isStringLike(value: unknown): value is string | SafeStringLike {
  return typeof value === 'string' || isSafeString(value);
}

export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (isStringLike(value)) return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  if (isPlainObject(value)) return 'dict';
  return 'object';
}

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value)) {
    return Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value);
  }
  // Python's repr: shortest round-trip digits, fixed notation for 1e-4 <= |x| < 1e16.
  const [mantissa, expPart] = value.toExponential().split('e');
  const exp = Number(expPart);
  if (exp >= -4 && exp < 16) return String(value);
  const sign = exp < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function reprString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python `repr()`: how values look inside printed lists and dicts. */
export function pyRepr(value: unknown, seen: Set<unknown> = new Set()): string {
  if (isStringLike(value)) return reprString(String(value));
  if (Array.isArray(value) || isPlainObject(value)) {
    if (seen.has(value)) return Array.isArray(value) ? '[...]' : '{...}';
    seen.add(value);
    const text = Array.isArray(value)
      ? `[${value.map((item) => pyRepr(item, seen)).join(', ')}]`
      : `{${Object.keys(value)
          .map((key) => `${reprString(key)}: ${pyRepr(value[key], seen)}`)
          .join(', ')}}`;
    seen.delete(value);
    return text;
  }
  return pyStr(value);
}

/** Python `str()`: what `{{ value }}`, `~` and `|string` produce. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (isSafeString(value)) return value.val;
  if (typeof value === 'function') return '<function>';
  if (Array.isArray(value) || isPlainObject(value)) return pyRepr(value);
  return '<object>';
}

/** Python truthiness: empty strings, lists and dicts are false, `0` and `None` too. */
export function pyTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isSafeString(value)) return value.val.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python `==`: structural for lists and dicts, `1 == 1.0`, `True == 1`. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (isSafeString(a)) a = a.val;
  if (isSafeString(b)) b = b.val;
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if ((typeof a === 'boolean' || typeof a === 'number') && (typeof b === 'boolean' || typeof b === 'number')) {
    return Number(a) === Number(b);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => pyEq(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  return false;
}

function typeError(op: string, a: unknown, b: unknown): TemplateRenderError {
  return new TemplateRenderError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

function isNumeric(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

export function pyAdd(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return Number(a) + Number(b);
  if (isStringLike(a) && isStringLike(b)) return String(a) + String(b);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw typeError('+', a, b);
}

export function pySub(a: unknown, b: unknown): unknown {
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  throw typeError('-', a, b);
}

function repeat<T>(seq: T, times: number, maxLength: number, length: number, make: (n: number) => T): T {
  const count = Math.max(0, Math.trunc(times));
  if (count * length > maxLength) {
    throw new TemplateRenderError(`result of repetition is too large (${count} x ${length})`);
  }
  return count === 1 ? seq : make(count);
}

export function pyMul(a: unknown, b: unknown, maxLength: number): unknown {
  if (isNumeric(a) && isNumeric(b)) return Number(a) * Number(b);
  if (isStringLike(b) || Array.isArray(b)) [a, b] = [b, a];
  if ((typeof b === 'number' && Number.isInteger(b)) || typeof b === 'boolean') {
    const n = Number(b);
    if (isStringLike(a)) {
      const s = String(a);
      return repeat(s, n, maxLength, s.length, (count) => s.repeat(count));
    }
    if (Array.isArray(a)) {
      const list = a;
      return repeat(list, n, maxLength, list.length, (count) => Array.from({ length: count }, () => list).flat());
    }
  }
  throw typeError('*', a, b);
}

export function pyDiv(a: unknown, b: unknown): number {
  if (!isNumeric(a) || !isNumeric(b)) throw typeError('/', a, b);
  if (Number(b) === 0) throw new TemplateRenderError('division by zero');
  return Number(a) / Number(b);
}

export function pyFloorDiv(a: unknown, b: unknown): number {
  return Math.floor(pyDiv(a, b));
}

export function pyMod(a: unknown, b: unknown): unknown {
  if (isStringLike(a)) return percentFormat(String(a), b);
  if (!isNumeric(a) || !isNumeric(b)) throw typeError('%', a, b);
  const x = Number(a);
  const y = Number(b);
  if (y === 0) throw new TemplateRenderError('integer division or modulo by zero');
  return x - y * Math.floor(x / y);
}

/** Python's printf-style `'%s and %d' % (a, b)`, covering the conversions prompts use. */
export function percentFormat(format: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  const named = isPlainObject(args) ? args : undefined;
  let next = 0;
  const result = format.replace(
    /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdirfeEgGxXc%])/g,
    (
      _m,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      const value = key !== undefined && named ? named[key] : list[next++];
      let text: string;
      switch (conv) {
        case 's':
          text = pyStr(value);
          break;
        case 'r':
          text = pyRepr(value);
          break;
        case 'd':
        case 'i':
          text = String(Math.trunc(Number(value)));
          break;
        case 'f':
          text = Number(value).toFixed(precision === undefined ? 6 : Number(precision));
          break;
        case 'e':
        case 'E':
          text = Number(value).toExponential(precision === undefined ? 6 : Number(precision));
          text = text.replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') text = text.toUpperCase();
          break;
        case 'x':
        case 'X':
          text = Math.trunc(Number(value)).toString(16);
          if (conv === 'X') text = text.toUpperCase();
          break;
        case 'c':
          text = typeof value === 'number' ? String.fromCodePoint(value) : pyStr(value);
          break;
        default:
          text = pyStr(value);
      }
      if (flags.includes('+') && typeof value === 'number' && value >= 0 && conv !== 's') text = `+${text}`;
      const w = width === undefined ? 0 : Number(width);
      if (text.length < w) {
        text = flags.includes('-') ? text.padEnd(w) : text.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
      }
      return text;
    },
  );
  if (!named && next < list.length && Array.isArray(args)) {
    throw new TemplateRenderError('not all arguments converted during string formatting');
  }
  return result;
}

function jsonString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e || ch === '<' || ch === '>' || ch === '&' || ch === "'") {
      // ensure_ascii plus Jinja2's HTML-safe escapes; astral characters become surrogate pairs.
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out + '"';
}

/** Jinja2's `|tojson`: `json.dumps(value, sort_keys=True)` made HTML-safe. */
export function toJson(value: unknown, indent?: number, depth = 0): string {
  if (isStringLike(value)) return jsonString(String(value));
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    return formatNumber(value);
  }
  const entries: [string | undefined, unknown][] = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : isPlainObject(value)
      ? Object.keys(value)
          .sort()
          .map((key) => [key, value[key]])
      : [];
  if (!Array.isArray(value) && !isPlainObject(value)) {
    throw new TemplateRenderError(`Object of type ${pyTypeName(value)} is not JSON serializable`);
  }
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  const parts = entries.map(([key, item]) => {
    const rendered = toJson(item, indent, depth + 1);
    return key === undefined ? rendered : `${jsonString(key)}: ${rendered}`;
  });
  if (indent === undefined) return open + parts.join(', ') + close;
  const pad = ' '.repeat(indent * (depth + 1));
  return `${open}\n${pad}${parts.join(`,\n${pad}`)}\n${' '.repeat(indent * depth)}${close}`;
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
