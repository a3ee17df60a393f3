/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Compiles a parsed template to JavaScript with nunjucks' code generator, changing the parts where
 * Jinja2 semantics differ: strict variable lookup (lenient only under `is defined` / `default`),
 * sandboxed member access and calls, Python operators and truthiness, cooperative limit checks.
 * The generated code calls only `runtime.*` helpers (see runtime.ts), never host objects.
 */
import { type AstNode, compiler, nodes } from './nunjucks-internals';
import { SliceNode, TruthyNode, syntaxError } from './syntax';

/** Names that are always literals in Jinja2, whatever the context holds. */
const CONSTANTS: Record<string, string> = {
  True: 'true',
  False: 'false',
  None: 'null',
  true: 'true',
  false: 'false',
  none: 'null',
};
/** Tests that Jinja2's StrictUndefined answers without raising. */
const LENIENT_TESTS = new Set(['defined', 'undefined', 'none']);
const LENIENT_FILTERS = new Set(['default', 'd']);
const UNSUPPORTED: Record<string, string> = {
  Include: 'include',
  Extends: 'extends',
  Import: 'import',
  FromImport: 'from ... import',
};

export interface CompileEnvironment {
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
}

function unwrapGroup(node: AstNode): AstNode {
  while (node instanceof nodes.Group && node.children.length === 1) node = node.children[0];
  return node;
}

function markLenient(node: AstNode): void {
  const target = unwrapGroup(node);
  if (target instanceof nodes.Symbol || target instanceof nodes.LookupVal) target.lenient = true;
}

function testName(node: AstNode): string | undefined {
  if (node instanceof nodes.Literal && (node.value === null || typeof node.value === 'boolean'))
    return String(node.value ?? 'none');
  if (node instanceof nodes.Symbol) return node.value;
  if (node instanceof nodes.FunCall && node.name instanceof nodes.Symbol) return node.name.value;
  return undefined;
}

/**
 * One pass over the syntax tree before code generation: refuses what we do not support, marks
 * lenient lookups and loop/macro bodies (for limit checks), and wraps conditions in Python truthiness.
 */
export function prepareAst(root: AstNode, env: CompileEnvironment, source: string): void {
  const fail = (node: AstNode, reason: string) => {
    throw syntaxError(source, reason, node.lineno + 1, node.colno + 1);
  };
  const visit = (node: AstNode): void => {
    const unsupported = UNSUPPORTED[node.typename];
    if (unsupported) fail(node, `'${unsupported}' is not supported: a prompt template cannot load other templates`);
    if (node instanceof nodes.Is) {
      const name = testName(node.right);
      if (name === undefined || !Object.hasOwn(env.tests, name)) fail(node, `No test named '${name}'`);
      if (LENIENT_TESTS.has(name as string)) markLenient(node.left);
      visit(node.left);
      if (node.right instanceof nodes.FunCall) visit(node.right.args);
      return;
    }
    if (node instanceof nodes.Filter) {
      const name = node.name.value as string;
      if (!Object.hasOwn(env.filters, name)) fail(node, `No filter named '${name}'`);
      if (LENIENT_FILTERS.has(name) && node.args.children.length > 0) markLenient(node.args.children[0]);
      visit(node.args);
      return;
    }
    if (node instanceof nodes.If || node instanceof nodes.InlineIf) {
      node.cond = new TruthyNode(node.cond.lineno, node.cond.colno, node.cond);
    }
    if (node instanceof nodes.For || node instanceof nodes.Macro) node.body.tick = true;
    nodes.Node.prototype.iterFields.call(node, (value: unknown) => {
      if (value instanceof nodes.Node) visit(value);
      else if (Array.isArray(value)) value.forEach((child) => child instanceof nodes.Node && visit(child));
    });
  };
  visit(root);
}

/** Readable name of an expression for error messages: `user.name`, `messages[0]`. */
export function describe(node: AstNode): string {
  if (node instanceof nodes.Symbol) return node.value;
  if (node instanceof nodes.LookupVal) {
    const target = describe(node.target);
    const val = node.val;
    if (val instanceof nodes.Literal && typeof val.value === 'string' && /^[A-Za-z_]\w*$/.test(val.value)) {
      return `${target}.${val.value}`;
    }
    if (val instanceof nodes.Literal && typeof val.value === 'number') return `${target}[${val.value}]`;
    if (val instanceof nodes.Literal && typeof val.value === 'string') return `${target}[${JSON.stringify(val.value)}]`;
    return `${target}[...]`;
  }
  if (node instanceof nodes.FunCall) return `${describe(node.name)}()`;
  return 'expression';
}

const BINARY_HELPERS: Record<string, string> = {
  Add: 'add',
  Sub: 'sub',
  Mul: 'mul',
  Div: 'div',
  FloorDiv: 'floordiv',
  Mod: 'mod',
  Concat: 'concat',
};

export class JinjaCompiler extends compiler.Compiler {
  [key: string]: any;

  constructor(templateName: string) {
    super(templateName, false);
  }

  assertType(node: AstNode, ...types: unknown[]): void {
    if (node instanceof SliceNode || node instanceof TruthyNode) return;
    super.assertType(node, ...types);
  }

  compile(node: AstNode, frame?: AstNode): void {
    if (node && node.tick) this._emitLine(`runtime.tick(${this.buffer});`);
    if (node instanceof nodes.If || node instanceof nodes.For || node instanceof nodes.Set) this._emitPosition(node);
    super.compile(node, frame);
  }

  /** Keeps `lineno`/`colno` of the generated code current so runtime errors point at the statement. */
  _emitPosition(node: AstNode): void {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
  }

  compileOutput(node: AstNode, frame: AstNode): void {
    for (const child of node.children as AstNode[]) {
      if (child instanceof nodes.TemplateData) {
        if (!child.value) continue;
        this._emit(`${this.buffer} += `);
        this.compileLiteral(child, frame);
        this._emitLine(';');
      } else {
        this._emitPosition(child);
        this._emit(`${this.buffer} += runtime.suppressValue(`);
        this.compile(child, frame);
        this._emitLine(', false);');
      }
    }
  }

  /** `(a, b)` is a tuple in Jinja2; nunjucks would emit a JavaScript comma expression. */
  compileGroup(node: AstNode, frame: AstNode): void {
    if (node.children.length === 1) super.compileGroup(node, frame);
    else this._compileAggregate(node, frame, '[', ']');
  }

  compileSymbol(node: AstNode, frame: AstNode): void {
    const name = node.value as string;
    if (Object.hasOwn(CONSTANTS, name)) {
      this._emit(CONSTANTS[name]);
      return;
    }
    const local = frame.lookup(name);
    if (local) {
      this._emit(local);
    } else if (node.lenient) {
      this._emit(`runtime.lookupOrUndefined(context, frame, ${JSON.stringify(name)})`);
    } else {
      this._emit(`runtime.lookup(context, frame, ${JSON.stringify(name)}, ${node.lineno}, ${node.colno})`);
    }
  }

  compileLookupVal(node: AstNode, frame: AstNode): void {
    if (node.val instanceof SliceNode) {
      this._emit('runtime.slice((');
      this._compileExpression(node.target, frame);
      for (const part of ['start', 'stop', 'step']) {
        this._emit('),(');
        if (node.val[part]) this._compileExpression(node.val[part], frame);
        else this._emit('null');
      }
      this._emit('))');
      return;
    }
    this._emit('runtime.member((');
    this._compileExpression(node.target, frame);
    this._emit('),(');
    this._compileExpression(node.val, frame);
    this._emit(`),${node.lenient ? 'true' : 'false'},${JSON.stringify(describe(node))},${node.lineno},${node.colno})`);
  }

  compileFunCall(node: AstNode, frame: AstNode): void {
    const callee = node.name;
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
    if (
      callee instanceof nodes.LookupVal &&
      callee.val instanceof nodes.Literal &&
      typeof callee.val.value === 'string'
    ) {
      this._emit('runtime.callMethod((');
      this._compileExpression(callee.target, frame);
      this._emit(`),${JSON.stringify(callee.val.value)},`);
    } else {
      this._emit('runtime.callWrap(');
      this._compileExpression(callee, frame);
      this._emit(`, ${JSON.stringify(describe(callee))}, context, `);
    }
    this._compileAggregate(node.args, frame, '[', '])');
    this._emit(')');
  }

  compileTruthy(node: AstNode, frame: AstNode): void {
    this._emit('runtime.truthy(');
    this._compileExpression(node.target, frame);
    this._emit(')');
  }

  compileNot(node: AstNode, frame: AstNode): void {
    this._emit('!runtime.truthy(');
    this._compileExpression(node.target, frame);
    this._emit(')');
  }

  compileAnd(node: AstNode, frame: AstNode): void {
    this._emitLazy('and', node, frame);
  }

  compileOr(node: AstNode, frame: AstNode): void {
    this._emitLazy('or', node, frame);
  }

  /** `a and b` returns a Python value (`a` or `b`) and evaluates `b` only when needed. */
  _emitLazy(helper: string, node: AstNode, frame: AstNode): void {
    this._emit(`runtime.${helper}((`);
    this._compileExpression(node.left, frame);
    this._emit('), () => (');
    this._compileExpression(node.right, frame);
    this._emit('))');
  }

  compileIn(node: AstNode, frame: AstNode): void {
    this._emitHelper('contains', node.right, node.left, frame);
  }

  _emitHelper(helper: string, left: AstNode, right: AstNode, frame: AstNode): void {
    this._emit(`runtime.${helper}((`);
    this._compileExpression(left, frame);
    this._emit('),(');
    this._compileExpression(right, frame);
    this._emit('))');
  }

  compileCompare(node: AstNode, frame: AstNode): void {
    this._emit('runtime.compare([(');
    this._compileExpression(node.expr, frame);
    for (const op of node.ops) {
      this._emit('),(');
      this._compileExpression(op.expr, frame);
    }
    this._emit(`)], ${JSON.stringify(node.ops.map((op: AstNode) => op.type))})`);
  }
}

for (const [typename, helper] of Object.entries(BINARY_HELPERS)) {
  (JinjaCompiler.prototype as any)[`compile${typename}`] = function compileBinary(
    this: JinjaCompiler,
    node: AstNode,
    frame: AstNode,
  ) {
    this._emitHelper(helper, node.left, node.right, frame);
  };
}
