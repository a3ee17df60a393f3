/**
 * Python's `str.format()` and its format-spec mini-language (`{:>10}`, `{:.2f}`, `{:,}`, `{0[name]}`),
 * for `'{} items'.format(n)` in templates. Field lookups go through the sandbox like any attribute.
 */
import { assertSize } from './budget';
import { TemplateRenderError } from './errors';
import { splitArgs } from './keywords';
import { isFloat, isNumeric, num, pyFixed, pyRepr, pyStr, pyTypeName } from './python';

type Getter = (obj: unknown, key: unknown) => unknown;

let getter: Getter = () => undefined;

/** The sandbox registers its attribute reader here (it imports this module, not the reverse). */
export function registerFormatGetter(get: Getter): void {
  getter = get;
}

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

function groupDigits(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

function formatG(value: number, precision: number, alternate: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return alternate ? (0).toFixed(p - 1) : '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(p)))));
  let text: string;
  if (exp < -4 || exp >= p) {
    text = value.toExponential(p - 1).replace(/e([+-])(\d)$/, 'e$10$2');
    if (!alternate) text = text.replace(/\.?0+e/, 'e');
  } else {
    text = value.toFixed(Math.max(0, p - 1 - exp));
    if (!alternate && text.includes('.')) text = text.replace(/\.?0+$/, '');
  }
  return text;
}

/** `format(value, spec)` for the types templates pass: str, int, float, bool, None. */
export function formatValue(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const m = SPEC.exec(spec);
  if (!m) throw new TemplateRenderError(`Invalid format specifier '${spec}'`);
  const [, fillChar, align, sign, alt, zero, widthText, grouping, precisionText, typeChar] = m;
  const precision = precisionText === undefined ? undefined : Number(precisionText);
  let type = typeChar;
  let body: string;
  let signText = '';
  const numeric = isNumeric(value) && typeof value !== 'boolean' ? true : typeof value === 'boolean' && !!type;
  if (!numeric) {
    if (type && type !== 's') {
      throw new TemplateRenderError(`Unknown format code '${type}' for object of type '${pyTypeName(value)}'`);
    }
    body = pyStr(value);
    if (precision !== undefined) body = body.slice(0, precision);
  } else {
    let n = num(value);
    if (type === undefined) type = isFloat(value) ? (precision === undefined ? 'r' : 'g') : 'd';
    if (n < 0 || Object.is(n, -0)) {
      signText = '-';
      n = -n;
    } else if (sign === '+') signText = '+';
    else if (sign === ' ') signText = ' ';
    switch (type) {
      case 'd':
      case 'n':
        if (!Number.isInteger(n)) {
          throw new TemplateRenderError(`Unknown format code 'd' for object of type 'float'`);
        }
        body = String(n);
        break;
      case 'b':
        body = (alt ? '0b' : '') + Math.trunc(n).toString(2);
        break;
      case 'o':
        body = (alt ? '0o' : '') + Math.trunc(n).toString(8);
        break;
      case 'x':
      case 'X':
        body = (alt ? '0x' : '') + Math.trunc(n).toString(16);
        if (type === 'X') body = body.toUpperCase();
        break;
      case 'c':
        body = String.fromCodePoint(Math.trunc(n));
        break;
      case 'e':
      case 'E':
        body = n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        if (type === 'E') body = body.toUpperCase();
        break;
      case 'f':
      case 'F':
        body = pyFixed(n, precision ?? 6);
        break;
      case '%':
        body = `${pyFixed(n * 100, precision ?? 6)}%`;
        break;
      case 'g':
      case 'G':
        body = formatG(n, precision ?? 6, !!alt);
        if (type === 'G') body = body.toUpperCase();
        break;
      default:
        body = pyStr(isFloat(value) ? value : n).replace(/^-/, '');
        if (isFloat(value) && Number.isInteger(n) && !body.includes('.') && !body.includes('e')) body += '.0';
    }
    if (grouping) {
      const [intPart, ...rest] = body.split('.');
      body = [groupDigits(intPart, grouping), ...rest].join('.');
    }
  }
  const width = widthText === undefined ? 0 : Number(widthText);
  const fill = fillChar ?? (zero && !align ? '0' : ' ');
  const how = align ?? (zero && numeric ? '=' : numeric ? '>' : '<');
  const total = signText.length + body.length;
  if (total >= width) return signText + body;
  assertSize(width);
  const pad = width - total;
  switch (how) {
    case '<':
      return signText + body + fill.repeat(pad);
    case '>':
      return fill.repeat(pad) + signText + body;
    case '^':
      return fill.repeat(Math.floor(pad / 2)) + signText + body + fill.repeat(pad - Math.floor(pad / 2));
    default:
      return signText + fill.repeat(pad) + body;
  }
}

function lookupField(field: string, args: unknown[], kwargs: Record<string, unknown>, auto: () => number): unknown {
  const m = /^([^.[]*)(.*)$/.exec(field) as RegExpExecArray;
  const [, head, tail] = m;
  let value: unknown;
  if (head === '') value = args[auto()];
  else if (/^\d+$/.test(head)) value = args[Number(head)];
  else {
    if (!Object.hasOwn(kwargs, head)) throw new TemplateRenderError(`KeyError: '${head}'`);
    value = kwargs[head];
  }
  if (value === undefined && (head === '' || /^\d+$/.test(head))) {
    throw new TemplateRenderError('Replacement index out of range for positional args tuple');
  }
  const parts = /\.(\w+)|\[([^\]]+)\]/g;
  let part: RegExpExecArray | null;
  while ((part = parts.exec(tail))) {
    const key = part[1] ?? (/^\d+$/.test(part[2]) ? Number(part[2]) : part[2]);
    value = getter(value, key);
    if (value === undefined) throw new TemplateRenderError(`KeyError: '${String(key)}'`);
  }
  return value;
}

/** Python's `str.format(*args, **kwargs)`. */
export function strFormat(format: string, rawArgs: unknown[]): string {
  const { positional: args, kwargs } = splitArgs(rawArgs);
  let next = 0;
  const auto = () => next++;
  let size = 0;
  const counted = (text: string): string => {
    size += text.length;
    assertSize(size);
    return text;
  };
  return format.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::((?:\{[^{}]*\}|[^{}])*))?\}|[{}]/g,
    (whole, field, conv, spec) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      if (whole === '{' || whole === '}')
        throw new TemplateRenderError("Single '{' or '}' encountered in format string");
      const value = lookupField(field ?? '', args, kwargs, auto);
      const nestedSpec = String(spec ?? '').replace(/\{([^{}]*)\}/g, (_m, inner: string) =>
        pyStr(lookupField(inner, args, kwargs, auto)),
      );
      if (conv === 'r' || conv === 'a') return counted(formatValue(pyRepr(value), nestedSpec));
      if (conv === 's') return counted(formatValue(pyStr(value), nestedSpec));
      return counted(formatValue(value, nestedSpec));
    },
  );
}
