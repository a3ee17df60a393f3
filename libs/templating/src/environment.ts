/**
 * The single nunjucks Environment every template renders with: autoescape off, no loader, and
 * only Jinja2 3.1's filters, tests and globals (nunjucks' own are removed).
 */
import { ErrorCode } from '@promptops/shared';
import { TemplateLimitError, TemplateRaisedError, TemplateRenderError } from './errors';
import { type Fn, filters, lipsum, pySignature, splitArgs } from './filters';
import { nunjucks, nunjucksRuntime } from './nunjucks-internals';
import {
  dataValue,
  isInt,
  isNumeric,
  isPlainObject,
  isSafeString,
  isStringLike,
  num,
  pyCompare,
  pyEq,
  pyStr,
  pyTypeName,
  registerSafeString,
} from './python';
import { LoopContext } from './runtime';
import { NOT_FOUND, Namespace, TemplateObject, defineData, isTrusted, trust } from './sandbox';

/** Same bound as Jinja2's sandbox (MAX_RANGE): bigger ranges are refused before allocation. */
export const MAX_RANGE = 100_000;

registerSafeString(nunjucksRuntime.SafeString);

const compare = (test: (c: number) => boolean) => (a: unknown, b: unknown) => test(pyCompare(a, b));

function contains(value: unknown, seq: unknown): boolean {
  if (Array.isArray(seq)) return seq.some((x) => pyEq(x, value));
  if (isPlainObject(seq)) return isStringLike(value) && Object.hasOwn(seq, String(value));
  if (isStringLike(seq)) {
    if (!isStringLike(value)) throw new TemplateRenderError(`'in <string>' requires string as left operand`);
    return String(seq).includes(String(value));
  }
  throw new TemplateRenderError(`argument of type '${pyTypeName(seq)}' is not iterable`);
}

const eq = (a: unknown, b: unknown) => pyEq(a, b);
const ne = (a: unknown, b: unknown) => !pyEq(a, b);
const gt = compare((c) => c > 0);
const ge = compare((c) => c >= 0);
const lt = compare((c) => c < 0);
const le = compare((c) => c <= 0);

export const tests: Record<string, Fn> = {
  boolean: (value: unknown) => typeof value === 'boolean',
  callable: (value: unknown) => isTrusted(value) || value instanceof LoopContext,
  defined: (value: unknown) => value !== undefined,
  divisibleby: (value: unknown, n: unknown) => num(n) !== 0 && num(value) % num(n) === 0,
  escaped: isSafeString,
  even: (value: unknown) => isNumeric(value) && num(value) % 2 === 0,
  false: (value: unknown) => value === false,
  filter(this: { env: { filters: object } }, name: unknown) {
    return isStringLike(name) && Object.hasOwn(this.env.filters, String(name));
  },
  float: (value: unknown) => isNumeric(value) && typeof value !== 'boolean' && !isInt(value),
  in: contains,
  integer: isInt,
  iterable: (value: unknown) => Array.isArray(value) || isStringLike(value) || isPlainObject(value),
  lower: (value: unknown) => isStringLike(value) && /\p{Ll}/u.test(String(value)) && !/\p{Lu}/u.test(String(value)),
  mapping: isPlainObject,
  none: (value: unknown) => value === null,
  number: isNumeric,
  odd: (value: unknown) => isNumeric(value) && Math.abs(num(value) % 2) === 1,
  sameas: (a: unknown, b: unknown) => a === b,
  sequence: (value: unknown) => Array.isArray(value) || isStringLike(value) || isPlainObject(value),
  string: isStringLike,
  test(this: { env: { tests: object } }, name: unknown) {
    return isStringLike(name) && Object.hasOwn(this.env.tests, String(name));
  },
  true: (value: unknown) => value === true,
  undefined: (value: unknown) => value === undefined,
  upper: (value: unknown) => isStringLike(value) && /\p{Lu}/u.test(String(value)) && !/\p{Ll}/u.test(String(value)),
  '==': eq,
  eq,
  equalto: eq,
  '!=': ne,
  ne,
  '>': gt,
  gt,
  greaterthan: gt,
  '>=': ge,
  ge,
  '<': lt,
  lt,
  lessthan: lt,
  '<=': le,
  le,
};

function range(...args: unknown[]): number[] {
  if (args.length < 1 || args.length > 3) throw new TemplateRenderError('range expected 1 to 3 arguments');
  const ints = args.map((a) => {
    if (!isInt(a) && typeof a !== 'boolean') {
      throw new TemplateRenderError(`'${pyTypeName(a)}' object cannot be interpreted as an integer`);
    }
    return Number(a);
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

/** `cycler(a, b)`: `next()` answers the items in turn; `current` is the one `next()` answers next. */
class Cycler extends TemplateObject {
  private index = 0;
  private readonly methods: Record<string, unknown>;
  constructor(private readonly items: unknown[]) {
    super();
    if (items.length === 0) throw new TemplateRenderError('cycler needs at least one item');
    this.methods = {
      next: trust(() => {
        const value = this.items[this.index];
        this.index = (this.index + 1) % this.items.length;
        return value;
      }),
      reset: trust(() => {
        this.index = 0;
        return null;
      }),
    };
  }
  override templateGet(key: string): unknown {
    if (key === 'current') return this.items[this.index];
    return Object.hasOwn(this.methods, key) ? this.methods[key] : NOT_FOUND;
  }
}

function fromMappings(args: unknown[], target: Record<string, unknown>): void {
  const { positional, kwargs } = splitArgs(args);
  for (const source of [...positional, kwargs]) {
    if (!isPlainObject(source)) throw new TemplateRenderError('expected a mapping or keyword arguments');
    for (const key of Object.keys(source)) {
      defineData(target, key, dataValue(source, key));
    }
  }
}

const globals: Record<string, Fn> = {
  range,
  raise_exception(message: unknown) {
    throw new TemplateRaisedError(pyStr(message));
  },
  namespace(...args: unknown[]) {
    const ns = new Namespace();
    fromMappings(args, ns as unknown as Record<string, unknown>);
    return ns;
  },
  dict(...args: unknown[]) {
    const out: Record<string, unknown> = {};
    fromMappings(args, out);
    return out;
  },
  cycler: (...items: unknown[]) => new Cycler(items),
  joiner: pySignature('joiner', ['sep'], (sep: unknown = ', ') => {
    let first = true;
    return trust(() => {
      if (first) {
        first = false;
        return '';
      }
      return pyStr(sep);
    });
  }),
  lipsum: pySignature(
    'lipsum',
    ['html', 'min', 'max'],
    (n: unknown = 5, html?: unknown, min?: unknown, max?: unknown) =>
      lipsum(
        num(n),
        html === undefined ? true : Boolean(html),
        min === undefined ? 20 : num(min),
        max === undefined ? 100 : num(max),
      ),
  ),
};

function createEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment([], {
    autoescape: false,
    throwOnUndefined: false,
    trimBlocks: false,
    lstripBlocks: false,
  });
  const internals = env as unknown as Record<string, Record<string, unknown>>;
  internals.filters = Object.assign(Object.create(null), filters);
  internals.tests = Object.assign(Object.create(null), tests);
  internals.globals = Object.create(null);
  for (const [name, fn] of Object.entries(globals)) internals.globals[name] = trust(fn);
  return env;
}

export const environment = createEnvironment();
export const environmentInternals = environment as unknown as {
  filters: Record<string, Fn>;
  tests: Record<string, Fn>;
  globals: Record<string, unknown>;
};
