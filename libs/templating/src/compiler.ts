/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Compiles a parsed template to JavaScript with nunjucks' code generator, changing the parts where
 * Jinja2 semantics differ: strict variable lookup (lenient only under `is defined` / `default`),
 * Jinja2 scoping (a `set` inside a loop, macro or `with` stays there), sandboxed member access and
 * calls, Python operators, numbers and truthiness, Jinja2 loops and macros, cooperative limit checks.
 * The generated code calls only `runtime.*` helpers (see runtime.ts), never host objects.
 *
 * Names bound by the template (loop targets, `set`, `with`, macro parameters) are resolved at
 * compile time to JavaScript variables, so they are lexically scoped like in Jinja2; everything
 * else is looked up in the render context (variables, then globals) at run time.
 */
import { type AstNode, compiler, nodes } from './nunjucks-internals';
import { ForNode, SliceNode, TruthyNode, syntaxError } from './syntax';

/** Names that are always literals in Jinja2, whatever the context holds. */
const CONSTANTS: Record<string, string> = {
  True: 'true',
  False: 'false',
  None: 'null',
  true: 'true',
  false: 'false',
  none: 'null',
};
/** Tests that Jinja2's StrictUndefined answers without raising (identity and type checks). */
const LENIENT_TESTS = new Set([
  'defined',
  'undefined',
  'none',
  'string',
  'number',
  'integer',
  'float',
  'mapping',
  'boolean',
  'true',
  'false',
  'callable',
  'sameas',
  'sequence',
]);
const LENIENT_FILTERS = new Set(['default', 'd']);
const UNSUPPORTED: Record<string, string> = {
  Include: 'include',
  Extends: 'extends',
  Import: 'import',
  FromImport: 'from ... import',
  Block: 'block',
};

export interface CompileEnvironment {
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
}

function unwrapGroup(node: AstNode): AstNode {
  while (node instanceof nodes.Group && !node.tuple && node.children.length === 1) node = node.children[0];
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

/** Whether `body` reads `name` (for `caller`, `varargs`, `kwargs` of macros). */
function mentions(body: AstNode, name: string): boolean {
  return body.findAll(nodes.Symbol).some((symbol: AstNode) => symbol.value === name);
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
    if (node instanceof ForNode && node.cond) node.cond = new TruthyNode(node.cond.lineno, node.cond.colno, node.cond);
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
  Pow: 'pow',
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
        this.compileLiteral(child);
        this._emitLine(';');
      } else if (child instanceof nodes.Literal && typeof child.value === 'string') {
        this._emit(`${this.buffer} += `);
        this.compileLiteral(child);
        this._emitLine(';');
      } else {
        this._emitPosition(child);
        this._emit(`${this.buffer} += runtime.suppressValue(`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  }

  compileLiteral(node: AstNode): void {
    if (node.float && Number.isInteger(node.value)) this._emit(`runtime.float(${node.value})`);
    else if (typeof node.value === 'number') this._emit(Number.isFinite(node.value) ? String(node.value) : 'Infinity');
    else super.compileLiteral(node);
  }

  /** `(a, b)` is a tuple in Jinja2; nunjucks would emit a JavaScript comma expression. */
  compileGroup(node: AstNode, frame: AstNode): void {
    if (node.tuple || node.children.length !== 1) {
      this._emit('runtime.tuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    } else {
      super.compileGroup(node, frame);
    }
  }

  /** Dict keys are expressions in Jinja2 (`{name: 1}` uses the variable `name`). */
  compileDict(node: AstNode, frame: AstNode): void {
    this._emit('runtime.dict([');
    (node.children as AstNode[]).forEach((pair, i) => {
      if (i > 0) this._emit(',');
      this._compileExpression(pair.key, frame);
      this._emit(',');
      this._compileExpression(pair.value, frame);
    });
    this._emit('])');
  }

  compileKeywordArgs(node: AstNode, frame: AstNode): void {
    this._emit('runtime.makeKeywordArgs(runtime.kwargs([');
    (node.children as AstNode[]).forEach((pair, i) => {
      if (i > 0) this._emit(',');
      this._emit(`${JSON.stringify(pair.key.value)},`);
      this._compileExpression(pair.value, frame);
    });
    this._emit(']))');
  }

  compileSymbol(node: AstNode, frame: AstNode): void {
    const name = node.value as string;
    if (Object.hasOwn(CONSTANTS, name)) {
      this._emit(CONSTANTS[name]);
      return;
    }
    const local = frame.lookup(name);
    if (local) {
      if (node.lenient) this._emit(local);
      else
        this._emit(
          `(${local} !== undefined ? ${local} : runtime.undef(${JSON.stringify(name)}, ${node.lineno}, ${node.colno}))`,
        );
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

  compileIs(node: AstNode, frame: AstNode): void {
    const name = node.right instanceof nodes.FunCall ? node.right.name.value : node.right.value;
    this._emit(`(env.getTest(${JSON.stringify(String(name))}).call(context, `);
    this.compile(node.left, frame);
    if (node.right instanceof nodes.FunCall && node.right.args.children.length > 0) {
      this._emit(',');
      this._compileAggregate(node.right.args, frame, '', '');
    }
    this._emit(') === true)');
  }

  compileInlineIf(node: AstNode, frame: AstNode): void {
    this._emit('(');
    this._compileExpression(node.cond, frame);
    this._emit(' ? (');
    this._compileExpression(node.body, frame);
    this._emit(') : (');
    if (node.else_) this._compileExpression(node.else_, frame);
    else this._emit('""');
    this._emit('))');
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

  compileNeg(node: AstNode, frame: AstNode): void {
    this._emit('runtime.neg(');
    this._compileExpression(node.target, frame);
    this._emit(')');
  }

  compilePos(node: AstNode, frame: AstNode): void {
    this._emit('runtime.pos(');
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

  /** Emits `var id = <value>;` and returns the id. */
  _emitValue(node: AstNode, frame: AstNode): string {
    const id = this._tmpid();
    this._emit(`var ${id} = `);
    this._compileExpression(node, frame);
    this._emitLine(';');
    return id;
  }

  /** Binds names in `frame` (the current scope only, as Jinja2 does) and assigns them. */
  _assign(names: AstNode[], valueId: string, unpack: boolean, frame: AstNode): void {
    let source = valueId;
    if (unpack) {
      source = this._tmpid();
      this._emitLine(`var ${source} = runtime.unpack(${valueId}, ${names.length});`);
    }
    names.forEach((target, i) => {
      const name = target.value as string;
      let id = frame.variables[name];
      if (!id) {
        id = this._tmpid();
        this._emitLine(`var ${id};`);
        frame.set(name, id);
      }
      this._emitLine(`${id} = ${unpack ? `${source}[${i}]` : source};`);
      if (!frame.parent) this._emitLine(`context.setVariable(${JSON.stringify(name)}, ${id});`);
    });
  }

  compileSet(node: AstNode, frame: AstNode): void {
    const valueId = this._tmpid();
    this._emit(`var ${valueId} = `);
    if (node.value) this._compileExpression(node.value, frame);
    else this.compile(node.body, frame);
    this._emitLine(';');
    const first = node.targets[0];
    if (first instanceof nodes.LookupVal) {
      this._emit('runtime.setAttr(');
      this._compileExpression(first.target, frame);
      this._emitLine(`, ${JSON.stringify(first.val.value)}, ${valueId});`);
      return;
    }
    this._assign(node.targets, valueId, !!node.unpack, frame);
  }

  compileWith(node: AstNode, frame: AstNode): void {
    const ids = (node.values as AstNode[]).map((value) => this._emitValue(value, frame));
    const inner = frame.push();
    (node.targets as AstNode[]).forEach((target, i) => inner.set(target.value, ids[i]));
    this.compile(node.body, inner);
  }

  compileFor(node: AstNode, frame: AstNode): void {
    if (!node.recursive) {
      const source = this._emitValue(node.arr, frame);
      this._emitLoop(node, frame, source, '0', null);
      return;
    }
    // A recursive loop is a function of (items, depth) so that `loop(children)` can call it again.
    const fn = this._tmpid();
    const items = this._tmpid();
    const depth = this._tmpid();
    const outer = this.buffer;
    this._emitLine(`var ${fn} = function (${items}, ${depth}) {`);
    this._emitLine('runtime.enter();');
    this.buffer = this._tmpid();
    this._emitLine(`var ${this.buffer} = "";`);
    this._emitLoop(node, frame, items, depth, fn);
    this._emitLine('runtime.leave();');
    this._emitLine(`return ${this.buffer};`);
    this._emitLine('};');
    this.buffer = outer;
    this._emit(`${this.buffer} += ${fn}(`);
    this._compileExpression(node.arr, frame);
    this._emitLine(', 0);');
  }

  _emitLoop(node: AstNode, frame: AstNode, sourceId: string, depth: string, recurse: string | null): void {
    const all = this._tmpid();
    const items = this._tmpid();
    const i = this._tmpid();
    const loop = this._tmpid();
    const inner = frame.push();
    const names: AstNode[] = node.name instanceof nodes.Array ? node.name.children : [node.name];
    const ids = names.map((name) => {
      const id = this._tmpid();
      inner.set(name.value, id);
      return id;
    });
    const bind = (item: string) => {
      if (node.name instanceof nodes.Array) {
        const values = this._tmpid();
        this._emitLine(`var ${values} = runtime.unpack(${item}, ${ids.length});`);
        ids.forEach((id, k) => this._emitLine(`${id} = ${values}[${k}];`));
      } else {
        this._emitLine(`${ids[0]} = ${item};`);
      }
    };
    this._emitLine(`var ${ids.join(', ')};`);
    this._emitLine(`var ${all} = runtime.iterate(${sourceId});`);
    if (node.cond) {
      this._emitLine(`var ${items} = [];`);
      this._emitLine(`for (var ${i} = 0; ${i} < ${all}.length; ${i}++) {`);
      bind(`${all}[${i}]`);
      this._emit(`if (`);
      this._compileExpression(node.cond, inner);
      this._emitLine(`) ${items}.push(${all}[${i}]);`);
      this._emitLine('}');
    } else {
      this._emitLine(`var ${items} = ${all};`);
    }
    const recurseFn = recurse ? `function (x, d) { return runtime.markSafe(${recurse}(x, d)); }` : 'null';
    this._emitLine(`var ${loop} = runtime.loopContext(${items}, ${depth}, ${recurseFn});`);
    inner.set('loop', loop);
    this._emitLine(`for (var ${i} = 0; ${i} < ${items}.length; ${i}++) {`);
    this._emitLine(`${loop}.index0 = ${i};`);
    bind(`${items}[${i}]`);
    this._withScopedSyntax(() => this.compile(node.body, inner));
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (${items}.length === 0) {`);
      this._withScopedSyntax(() => this.compile(node.else_, frame));
      this._emitLine('}');
    }
  }

  /** Emits `var id = <macro function>;` and returns the id; the body is compiled in a closure scope. */
  _compileMacro(node: AstNode, frame: AstNode, name: string, selfName?: string): string {
    const funcId = this._tmpid();
    this._emitLine(`var ${funcId};`);
    const inner = frame.push(true);
    if (selfName) frame.set(selfName, funcId);
    const params: string[] = [];
    const defaults = new Map<string, AstNode>();
    for (const arg of node.args.children as AstNode[]) {
      if (arg instanceof nodes.Symbol) params.push(arg.value);
      else if (arg instanceof nodes.Dict) {
        for (const pair of arg.children as AstNode[]) {
          params.push(pair.key.value);
          defaults.set(pair.key.value, pair.value);
        }
      } else {
        this.fail('macro parameters must be names', arg.lineno, arg.colno);
      }
    }
    const shape = {
      name,
      params,
      catchVarargs: mentions(node.body, 'varargs'),
      catchKwargs: mentions(node.body, 'kwargs'),
      usesCaller: mentions(node.body, 'caller'),
    };
    const [args, varargs, kwargs, caller] = [this._tmpid(), this._tmpid(), this._tmpid(), this._tmpid()];
    this._emitLine(
      `${funcId} = runtime.makeMacro(${JSON.stringify(shape)}, function (${args}, ${varargs}, ${kwargs}, ${caller}) {`,
    );
    params.forEach((param, k) => {
      const id = this._tmpid();
      const fallback = defaults.get(param);
      if (fallback) {
        this._emit(`var ${id} = ${args}[${k}] !== undefined ? ${args}[${k}] : (`);
        this._compileExpression(fallback, inner);
        this._emitLine(');');
      } else {
        this._emitLine(`var ${id} = ${args}[${k}];`);
      }
      inner.set(param, id);
    });
    if (shape.catchVarargs) inner.set('varargs', varargs);
    if (shape.catchKwargs) inner.set('kwargs', kwargs);
    if (shape.usesCaller) inner.set('caller', caller);
    const outer = this.buffer;
    this.buffer = this._tmpid();
    this._emitLine(`var ${this.buffer} = "";`);
    this._withScopedSyntax(() => this.compile(node.body, inner));
    this._emitLine(`return runtime.markSafe(${this.buffer});`);
    this.buffer = outer;
    this._emitLine('});');
    return funcId;
  }

  compileMacro(node: AstNode, frame: AstNode): void {
    const name = node.name.value as string;
    const funcId = this._compileMacro(node, frame, name, name);
    if (!frame.parent) this._emitLine(`context.setVariable(${JSON.stringify(name)}, ${funcId});`);
  }

  /** The body of `{% call %}`: an anonymous macro passed as the `caller` keyword argument. */
  compileCaller(node: AstNode, frame: AstNode): void {
    this._emitLine('(function () {');
    const funcId = this._compileMacro(node, frame, 'caller');
    this._emit(`return ${funcId}; })()`);
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
