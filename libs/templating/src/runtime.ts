/**
 * Helpers the compiled templates call as `runtime.*`. One shared base object; each render gets
 * `Object.create(base)` carrying its own deadline and output budget, so renders never share state.
 */
import { ErrorCode } from '@promptops/shared';
import {
  TemplateError,
  TemplateLimitError,
  TemplateRenderError,
  TemplateSecurityError,
  UndefinedVariableError,
} from './errors';
import { lib, nunjucksRuntime } from './nunjucks-internals';
import {
  isPlainObject,
  isSafeString,
  isStringLike,
  pyAdd,
  pyDiv,
  pyEq,
  pyFloorDiv,
  pyMod,
  pyMul,
  pyStr,
  pySub,
  pyTruthy,
  pyTypeName,
} from './python';
import { NOT_FOUND, callMethod, isTrusted, safeGet, trust } from './sandbox';

export interface RenderBudget {
  deadline: number;
  maxOutputBytes: number;
  ticks: number;
}

type Frame = { lookup(name: string): unknown };
export interface RuntimeContext {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}

/** Checking the clock every few iterations keeps loops cheap while still stopping runaway ones. */
const CLOCK_EVERY = 16;

function lookupValue(context: RuntimeContext, frame: Frame, name: string): unknown {
  const local = frame.lookup(name);
  if (local !== undefined) return local;
  if (Object.hasOwn(context.ctx, name)) return context.ctx[name];
  if (Object.hasOwn(context.env.globals, name)) return context.env.globals[name];
  return undefined;
}

function position(error: TemplateError & { line?: number; column?: number }, lineno?: number, colno?: number) {
  if (error.line === undefined && typeof lineno === 'number') {
    error.line = lineno + 1;
    error.column = (colno ?? 0) + 1;
  }
  return error;
}

function compareValues(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pyEq(a, b);
    case '!=':
    case '!==':
      return !pyEq(a, b);
  }
  const bothNumbers =
    (typeof a === 'number' || typeof a === 'boolean') && (typeof b === 'number' || typeof b === 'boolean');
  const bothStrings = isStringLike(a) && isStringLike(b);
  if (!bothNumbers && !bothStrings) {
    throw new TemplateRenderError(
      `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
    );
  }
  const x = bothStrings ? String(a) : Number(a);
  const y = bothStrings ? String(b) : Number(b);
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
  }
}

function sliceIndices(length: number, start: unknown, stop: unknown, step: unknown): number[] {
  const s = step === null || step === undefined ? 1 : Number(step);
  if (!Number.isInteger(s) || s === 0) throw new TemplateRenderError('slice step must be a non-zero integer');
  const clamp = (value: unknown, fallback: number, low: number, high: number) => {
    if (value === null || value === undefined) return fallback;
    let n = Number(value);
    if (n < 0) n += length;
    return Math.min(Math.max(n, low), high);
  };
  const indices: number[] = [];
  if (s > 0) {
    const from = clamp(start, 0, 0, length);
    const to = clamp(stop, length, 0, length);
    for (let i = from; i < to; i += s) indices.push(i);
  } else {
    const from = clamp(start, length - 1, -1, length - 1);
    const to = clamp(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += s) indices.push(i);
  }
  return indices;
}

export const baseRuntime = {
  ...nunjucksRuntime,

  lookup(context: RuntimeContext, frame: Frame, name: string, lineno: number, colno: number): unknown {
    const value = lookupValue(context, frame, name);
    if (value === undefined) throw new UndefinedVariableError(name, lineno + 1, colno + 1);
    return value;
  },

  lookupOrUndefined(context: RuntimeContext, frame: Frame, name: string): unknown {
    return lookupValue(context, frame, name);
  },

  member(obj: unknown, key: unknown, lenient: boolean, name: string, lineno: number, colno: number): unknown {
    const value = safeGet(obj, key);
    if (value !== NOT_FOUND && value !== undefined) return value;
    if (lenient) return undefined;
    throw new UndefinedVariableError(name, lineno + 1, colno + 1);
  },

  slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
    if (isStringLike(obj)) {
      const chars = Array.from(String(obj));
      return sliceIndices(chars.length, start, stop, step)
        .map((i) => chars[i])
        .join('');
    }
    if (Array.isArray(obj)) return sliceIndices(obj.length, start, stop, step).map((i) => obj[i]);
    throw new TemplateRenderError(`'${pyTypeName(obj)}' object is not subscriptable`);
  },

  callMethod(obj: unknown, name: string, args: unknown[]): unknown {
    return callMethod(obj, name, args);
  },

  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
    if (typeof fn === 'function' && !isTrusted(fn)) {
      throw new TemplateSecurityError(`Calling '${name}' is not allowed in templates`);
    }
    if (typeof fn !== 'function') throw new TemplateRenderError(`'${pyTypeName(fn)}' object is not callable`);
    return fn.apply(context, args);
  },

  makeMacro(argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown) {
    return trust(nunjucksRuntime.makeMacro(argNames, kwargNames, func));
  },

  suppressValue(this: RenderBudget, value: unknown): string {
    const text = pyStr(value);
    if (text.length > this.maxOutputBytes) {
      throw new TemplateLimitError(
        ErrorCode.TEMPLATE_OUTPUT_LIMIT,
        `Rendered output exceeds ${this.maxOutputBytes} bytes`,
      );
    }
    return text;
  },

  /** Called at the top of every loop iteration and macro call with the buffer being written. */
  tick(this: RenderBudget, buffer: string): void {
    if (buffer.length > this.maxOutputBytes) {
      throw new TemplateLimitError(
        ErrorCode.TEMPLATE_OUTPUT_LIMIT,
        `Rendered output exceeds ${this.maxOutputBytes} bytes`,
      );
    }
    if (++this.ticks % CLOCK_EVERY === 0 && Date.now() > this.deadline) {
      throw new TemplateLimitError(ErrorCode.TEMPLATE_TIME_LIMIT, 'Template rendering took too long');
    }
  },

  truthy: pyTruthy,
  and: (left: unknown, right: () => unknown) => (pyTruthy(left) ? right() : left),
  or: (left: unknown, right: () => unknown) => (pyTruthy(left) ? left : right()),
  add: pyAdd,
  sub: pySub,
  mul(this: RenderBudget, a: unknown, b: unknown) {
    return pyMul(a, b, this.maxOutputBytes);
  },
  div: pyDiv,
  floordiv: pyFloorDiv,
  mod: pyMod,
  concat(this: RenderBudget, a: unknown, b: unknown): string {
    const text = pyStr(a) + pyStr(b);
    if (text.length > this.maxOutputBytes) {
      throw new TemplateLimitError(
        ErrorCode.TEMPLATE_OUTPUT_LIMIT,
        `Rendered output exceeds ${this.maxOutputBytes} bytes`,
      );
    }
    return text;
  },

  compare(operands: unknown[], ops: string[]): boolean {
    return ops.every((op, i) => compareValues(operands[i], op, operands[i + 1]));
  },

  contains(container: unknown, item: unknown): boolean {
    if (isStringLike(container)) {
      if (!isStringLike(item))
        throw new TemplateRenderError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
      return String(container).includes(String(item));
    }
    if (Array.isArray(container)) return container.some((x) => pyEq(x, item));
    if (isPlainObject(container)) return isStringLike(item) && Object.hasOwn(container, String(item));
    throw new TemplateRenderError(`argument of type '${pyTypeName(container)}' is not iterable`);
  },

  /** What `{% for %}` iterates: lists and strings as they are, dicts by key, like Python. */
  fromIterator(value: unknown): unknown {
    if (Array.isArray(value) || typeof value === 'string') return value;
    if (isSafeString(value)) return value.val;
    if (isPlainObject(value)) return Object.keys(value);
    throw new TemplateRenderError(`'${pyTypeName(value)}' object is not iterable`);
  },

  handleError(error: unknown, lineno: number, colno: number): TemplateError {
    if (error instanceof TemplateError) return position(error, lineno, colno);
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      return new TemplateLimitError(ErrorCode.TEMPLATE_RECURSION_LIMIT, 'Template recursion is too deep');
    }
    const message = error instanceof Error ? error.message : String(error);
    const cleaned = error instanceof lib.TemplateError ? message.replace(/^\(unknown path\)\s*/, '') : message;
    return new TemplateRenderError(cleaned, lineno + 1, colno + 1);
  },
};

export type TemplateRuntime = typeof baseRuntime & RenderBudget;

export function createRuntime(budget: RenderBudget): TemplateRuntime {
  return Object.assign(Object.create(baseRuntime), budget) as TemplateRuntime;
}
