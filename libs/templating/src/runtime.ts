/**
 * Helpers the compiled templates call as `runtime.*`. One shared base object; each render gets
 * `Object.create(base)` carrying its own output budget and call depth, so renders never
 * share state.
 */
import { ErrorCode } from '@promptops/shared';
import {
  TemplateError,
  TemplateLimitError,
  TemplateRenderError,
  TemplateSecurityError,
  UndefinedVariableError,
} from './errors';
import { spend, spendLinear } from './budget';
import { keywordArgs, splitArgs } from './keywords';
import { lib, nunjucksRuntime } from './nunjucks-internals';
import {
  PyFloat,
  TemplateSizeError,
  isPlainObject,
  isStringLike,
  isTuple,
  markSafe,
  pyAdd,
  pyCompare,
  pyDiv,
  pyEq,
  pyFloorDiv,
  pyMod,
  pyMul,
  pyNeg,
  pyPos,
  pyPow,
  pyStr,
  pySub,
  pyTruthy,
  pyTypeName,
  tuple,
} from './python';
import { NOT_FOUND, Namespace, TemplateObject, callMethod, defineData, isTrusted, safeGet, trust } from './sandbox';

/** Per-render state of the runtime; time and work are metered by budget.ts. */
export interface RenderBudget {
  maxOutputBytes: number;
  depth: number;
}

type Frame = { lookup(name: string): unknown };
export interface RuntimeContext {
  ctx: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}

/** What a loop iteration or macro call spends from the work budget (see budget.ts). */
const LOOP_UNITS = 16;
/** Nested macro calls and recursive loop levels; Jinja2 hits Python's recursion limit near here. */
export const MAX_RECURSION_DEPTH = 100;

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

function outputLimit(max: number): TemplateLimitError {
  return new TemplateLimitError(ErrorCode.TEMPLATE_OUTPUT_LIMIT, `Rendered output exceeds ${max} bytes`);
}

function sliceIndices(length: number, start: unknown, stop: unknown, step: unknown): number[] {
  const s = step === null || step === undefined ? 1 : Number(step);
  if (!Number.isInteger(s) || s === 0) throw new TemplateRenderError('slice step must be a non-zero integer');
  const clamp = (value: unknown, fallback: number, low: number, high: number) => {
    if (value === null || value === undefined) return fallback;
    if (typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TemplateRenderError('slice indices must be integers or None');
    }
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

/** What `{% for %}` and filters iterate: lists, tuples, characters of strings, keys of dicts. */
export function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isStringLike(value)) {
    const text = String(value);
    spendLinear(text.length * 8);
    return Array.from(text);
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    spendLinear(keys.length);
    return keys;
  }
  throw new TemplateRenderError(`'${pyTypeName(value)}' object is not iterable`);
}

/** Jinja2's `loop` object. Properties are computed on read; `cycle` and `changed` are callable. */
export class LoopContext extends TemplateObject {
  index0 = -1;
  private lastChanged: unknown[] | undefined;
  private methods: Record<string, unknown> | undefined;

  constructor(
    readonly items: unknown[],
    readonly depth0: number,
    private readonly recurse: ((items: unknown, depth: number) => unknown) | null,
  ) {
    super();
  }

  override templateGet(key: string): unknown {
    const { index0, items } = this;
    const length = items.length;
    switch (key) {
      case 'index':
        return index0 + 1;
      case 'index0':
        return index0;
      case 'revindex':
        return length - index0;
      case 'revindex0':
        return length - index0 - 1;
      case 'first':
        return index0 === 0;
      case 'last':
        return index0 === length - 1;
      case 'length':
        return length;
      case 'depth':
        return this.depth0 + 1;
      case 'depth0':
        return this.depth0;
      case 'previtem':
        return index0 > 0 ? items[index0 - 1] : NOT_FOUND;
      case 'nextitem':
        return index0 + 1 < length ? items[index0 + 1] : NOT_FOUND;
      case 'cycle':
      case 'changed':
        this.methods ??= {
          cycle: trust((...values: unknown[]) => {
            if (values.length === 0) throw new TemplateRenderError('no items for cycling given');
            return values[this.index0 % values.length];
          }),
          changed: trust((...values: unknown[]) => {
            if (this.lastChanged !== undefined && pyEq(this.lastChanged, values)) return false;
            this.lastChanged = values;
            return true;
          }),
        };
        return this.methods[key];
      default:
        return NOT_FOUND;
    }
  }

  /** `loop(children)` inside a recursive loop renders the body for the next level. */
  call(args: unknown[]): unknown {
    if (!this.recurse) throw new TemplateRenderError("'loop' object is not callable: the loop is not recursive");
    if (args.length !== 1) throw new TemplateRenderError('loop() takes exactly one argument');
    return this.recurse(args[0], this.depth0 + 1);
  }
}

interface MacroShape {
  name: string;
  params: string[];
  catchVarargs: boolean;
  catchKwargs: boolean;
  usesCaller: boolean;
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

  /** A local (set, macro parameter) read before it got a value. */
  undef(name: string, lineno: number, colno: number): never {
    throw new UndefinedVariableError(name, lineno + 1, colno + 1);
  },

  member(obj: unknown, key: unknown, lenient: boolean, name: string, lineno: number, colno: number): unknown {
    const value = safeGet(obj, key);
    if (value !== NOT_FOUND && value !== undefined) return value;
    if (lenient) return undefined;
    throw new UndefinedVariableError(name, lineno + 1, colno + 1);
  },

  slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
    if (isStringLike(obj)) {
      const chars = iterate(obj) as string[];
      return sliceIndices(chars.length, start, stop, step)
        .map((i) => chars[i])
        .join('');
    }
    if (Array.isArray(obj)) {
      spendLinear(obj.length);
      const items = sliceIndices(obj.length, start, stop, step).map((i) => obj[i]);
      return isTuple(obj) ? tuple(items) : items;
    }
    throw new TemplateRenderError(`'${pyTypeName(obj)}' object is not subscriptable`);
  },

  callMethod(obj: unknown, name: string, args: unknown[]): unknown {
    return callMethod(obj, name, args);
  },

  callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
    if (fn instanceof LoopContext) return fn.call(args);
    if (typeof fn === 'function' && !isTrusted(fn)) {
      throw new TemplateSecurityError(`Calling '${name}' is not allowed in templates`);
    }
    if (typeof fn !== 'function') throw new TemplateRenderError(`'${pyTypeName(fn)}' object is not callable`);
    return fn.apply(context, args);
  },

  /**
   * A template macro as a callable: binds positional and keyword arguments like Python, collects
   * extras in `varargs` / `kwargs` when the body uses them, and counts the call depth.
   */
  makeMacro(
    this: RenderBudget & { enter(): void },
    shape: MacroShape,
    body: (args: unknown[], varargs: unknown[], kwargs: Record<string, unknown>, caller: unknown) => unknown,
  ) {
    const enter = () => this.enter();
    const leave = () => this.depth--;
    const { name, params, catchVarargs, catchKwargs, usesCaller } = shape;
    return trust(function macro(...callArgs: unknown[]) {
      const { positional, kwargs } = splitArgs(callArgs);
      const args = positional.slice(0, params.length);
      const extra = positional.slice(params.length);
      if (extra.length > 0 && !catchVarargs) {
        throw new TemplateRenderError(`macro '${name}' takes not more than ${params.length} argument(s)`);
      }
      const extraKwargs: Record<string, unknown> = {};
      let caller: unknown;
      for (const key of Object.keys(kwargs)) {
        const value = kwargs[key];
        const index = params.indexOf(key);
        if (index >= 0) {
          if (index < positional.length) {
            throw new TemplateRenderError(`macro '${name}' got multiple values for argument '${key}'`);
          }
          args[index] = value;
        } else if (key === 'caller' && usesCaller) {
          caller = value;
        } else if (catchKwargs) {
          defineData(extraKwargs, key, value);
        } else if (key === 'caller') {
          throw new TemplateRenderError(
            `macro '${name}' was invoked with two values for the special caller argument. This is most likely a bug.`,
          );
        } else {
          throw new TemplateRenderError(`macro '${name}' takes no keyword argument '${key}'`);
        }
      }
      enter();
      try {
        return body(args, tuple(extra), extraKwargs, caller);
      } finally {
        leave();
      }
    });
  },

  enter(this: RenderBudget): void {
    if (++this.depth > MAX_RECURSION_DEPTH) {
      throw new TemplateLimitError(
        ErrorCode.TEMPLATE_RECURSION_LIMIT,
        `Template recursion is deeper than ${MAX_RECURSION_DEPTH} levels`,
      );
    }
  },

  leave(this: RenderBudget): void {
    this.depth--;
  },

  loopContext(items: unknown[], depth0: number, recurse: ((items: unknown, depth: number) => unknown) | null) {
    return new LoopContext(items, depth0, recurse);
  },

  iterate,

  /** `for a, b in …` / `set a, b = …`: exactly as many values as names. */
  unpack(value: unknown, count: number): unknown[] {
    const items = iterate(value);
    if (items.length < count) {
      throw new TemplateRenderError(`not enough values to unpack (expected ${count}, got ${items.length})`);
    }
    if (items.length > count) throw new TemplateRenderError(`too many values to unpack (expected ${count})`);
    return items;
  },

  /** `{% set ns.attr = value %}`: only namespace objects accept attribute assignment. */
  setAttr(target: unknown, name: string, value: unknown): void {
    if (!(target instanceof Namespace)) {
      throw new TemplateRenderError('cannot assign attribute on non-namespace object');
    }
    defineData(target, name, value);
  },

  /** Dict literals: keys are evaluated expressions; built without a prototype-setting `__proto__`. */
  dict(pairs: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < pairs.length; i += 2) {
      const key = pairs[i];
      if (!isStringLike(key) && typeof key !== 'number' && typeof key !== 'boolean' && key !== null) {
        throw new TemplateRenderError(`unhashable or unsupported dict key type: '${pyTypeName(key)}'`);
      }
      defineData(out, pyStr(key), pairs[i + 1]);
    }
    return out;
  },

  makeKeywordArgs: keywordArgs,

  /** `name=value` call arguments; names come from the parser, values from the template. */
  kwargs(pairs: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < pairs.length; i += 2) {
      Object.defineProperty(out, pairs[i] as string, {
        value: pairs[i + 1],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  },

  tuple,
  float: (value: number) => new PyFloat(value),
  markSafe,

  suppressValue(this: RenderBudget, value: unknown): string {
    const text = typeof value === 'string' ? value : pyStr(value);
    if (text.length > this.maxOutputBytes) throw outputLimit(this.maxOutputBytes);
    return text;
  },

  /** Called at the top of every loop iteration and macro call with the buffer being written. */
  tick(this: RenderBudget, buffer: string): void {
    if (buffer.length > this.maxOutputBytes) throw outputLimit(this.maxOutputBytes);
    spend(LOOP_UNITS);
  },

  truthy: pyTruthy,
  and: (left: unknown, right: () => unknown) => (pyTruthy(left) ? right() : left),
  or: (left: unknown, right: () => unknown) => (pyTruthy(left) ? left : right()),
  add(this: RenderBudget, a: unknown, b: unknown) {
    return pyAdd(a, b, this.maxOutputBytes);
  },
  sub: pySub,
  mul(this: RenderBudget, a: unknown, b: unknown) {
    return pyMul(a, b, this.maxOutputBytes);
  },
  div: pyDiv,
  floordiv: pyFloorDiv,
  mod: pyMod,
  pow: pyPow,
  neg: pyNeg,
  pos: pyPos,
  concat(this: RenderBudget, a: unknown, b: unknown): string {
    const left = pyStr(a);
    const right = pyStr(b);
    if (left.length + right.length > this.maxOutputBytes) throw outputLimit(this.maxOutputBytes);
    return left + right;
  },

  compare(operands: unknown[], ops: string[]): boolean {
    for (let i = 0; i < ops.length; i++) {
      const a = operands[i];
      const b = operands[i + 1];
      const op = ops[i];
      let ok: boolean;
      if (op === '==' || op === '===') ok = pyEq(a, b);
      else if (op === '!=' || op === '!==') ok = !pyEq(a, b);
      else {
        const c = pyCompare(a, b, op);
        ok = op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      }
      if (!ok) return false;
    }
    return true;
  },

  contains(container: unknown, item: unknown): boolean {
    if (isStringLike(container)) {
      if (!isStringLike(item))
        throw new TemplateRenderError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
      return String(container).includes(String(item));
    }
    if (Array.isArray(container)) {
      spendLinear(container.length);
      return container.some((x) => pyEq(x, item));
    }
    if (isPlainObject(container)) {
      return (isStringLike(item) || typeof item === 'number') && Object.hasOwn(container, pyStr(item));
    }
    throw new TemplateRenderError(`argument of type '${pyTypeName(container)}' is not iterable`);
  },

  handleError(this: RenderBudget, error: unknown, lineno: number, colno: number): TemplateError {
    if (error instanceof TemplateSizeError) return position(outputLimit(this.maxOutputBytes), lineno, colno);
    if (error instanceof TemplateError) return position(error, lineno, colno);
    if (error instanceof RangeError && /call stack|Invalid string length|Invalid array length/i.test(error.message)) {
      return /call stack/i.test(error.message)
        ? new TemplateLimitError(ErrorCode.TEMPLATE_RECURSION_LIMIT, 'Template recursion is too deep')
        : outputLimit(this.maxOutputBytes);
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
