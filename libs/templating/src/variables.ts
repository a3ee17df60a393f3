/**
 * Variable discovery from the syntax tree: which top-level names a template needs, how it uses them
 * (iterated, attribute access, condition, text) and whether every use is guarded (`is defined`,
 * `|default`), so the editor can propose variable metadata.
 */
import type { ChatMessageTemplate } from './chat';
import { nodes, type AstNode } from './nunjucks-internals';
import { SliceNode, WithNode, normalizeSource, parseTemplate } from './syntax';

export interface DiscoveredVariable {
  name: string;
  kind: 'text' | 'list' | 'object' | 'boolean';
  paths: string[];
  required: boolean;
}

/** Names the engine provides; a template using them needs no variable. */
const BUILTINS = new Set([
  'range',
  'raise_exception',
  'namespace',
  'cycler',
  'joiner',
  'dict',
  'lipsum',
  'loop',
  'caller',
  'varargs',
  'kwargs',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
]);
const DEFAULT_FILTERS = new Set(['default', 'd']);
const LIST_FILTERS = new Set([
  'join',
  'first',
  'last',
  'map',
  'select',
  'reject',
  'selectattr',
  'rejectattr',
  'sort',
  'unique',
  'sum',
  'batch',
  'slice',
  'min',
  'max',
  'groupby',
]);
const MAPPING_FILTERS = new Set(['items', 'dictsort']);
const MAPPING_METHODS = new Set(['items', 'keys', 'values', 'get']);
const GUARD_TESTS = new Set(['defined', 'undefined']);

type Mode = 'text' | 'boolean' | 'list' | 'object' | 'neutral';

interface Usage {
  name: string;
  line: number;
  column: number;
  modes: Set<Mode>;
  paths: string[];
  required: boolean;
}

interface Scope {
  /** Local names; a string value means "an item of this path" (loop variable over `items` -> `items[]`). */
  locals: Map<string, string | null>;
  /** Names known to be defined here (inside `{% if x is defined %}`). */
  defined: Set<string>;
}

interface Guards {
  ifTrue: Set<string>;
  ifFalse: Set<string>;
}

const EMPTY_GUARDS: Guards = { ifTrue: new Set(), ifFalse: new Set() };

function unwrap(node: AstNode): AstNode {
  while (node instanceof nodes.Group && node.children.length === 1) node = node.children[0];
  return node;
}

function testName(node: AstNode): string | undefined {
  if (node instanceof nodes.Literal && (node.value === null || typeof node.value === 'boolean'))
    return String(node.value ?? 'none');
  if (node instanceof nodes.Symbol) return node.value;
  if (node instanceof nodes.FunCall && node.name instanceof nodes.Symbol) return node.name.value;
  return undefined;
}

function union(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a, ...b]);
}

function intersection(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}

/** Which bare names a condition proves defined when it is true / false. */
function guardsOf(cond: AstNode): Guards {
  const node = unwrap(cond);
  if (node instanceof nodes.Is && unwrap(node.left) instanceof nodes.Symbol) {
    const name = unwrap(node.left).value as string;
    const test = testName(node.right);
    if (test === 'defined') return { ifTrue: new Set([name]), ifFalse: new Set() };
    if (test === 'undefined') return { ifTrue: new Set(), ifFalse: new Set([name]) };
  }
  if (node instanceof nodes.Not) {
    const inner = guardsOf(node.target);
    return { ifTrue: inner.ifFalse, ifFalse: inner.ifTrue };
  }
  if (node instanceof nodes.And) {
    const [a, b] = [guardsOf(node.left), guardsOf(node.right)];
    return { ifTrue: union(a.ifTrue, b.ifTrue), ifFalse: intersection(a.ifFalse, b.ifFalse) };
  }
  if (node instanceof nodes.Or) {
    const [a, b] = [guardsOf(node.left), guardsOf(node.right)];
    return { ifTrue: intersection(a.ifTrue, b.ifTrue), ifFalse: union(a.ifFalse, b.ifFalse) };
  }
  return EMPTY_GUARDS;
}

function withDefined(scope: Scope, names: Set<string>): Scope {
  return names.size === 0 ? scope : { locals: scope.locals, defined: union(scope.defined, names) };
}

function child(scope: Scope): Scope {
  return { locals: new Map(scope.locals), defined: scope.defined };
}

function segment(key: AstNode): string {
  if (key instanceof nodes.Literal && typeof key.value === 'string') {
    return /^[A-Za-z_]\w*$/.test(key.value) ? `.${key.value}` : `[${JSON.stringify(key.value)}]`;
  }
  return '[]';
}

class VariableCollector {
  readonly usages = new Map<string, Usage>();

  private record(name: string, node: AstNode, mode: Mode, guarded: boolean, path?: string): void {
    let usage = this.usages.get(name);
    if (!usage) {
      usage = { name, line: node.lineno, column: node.colno, modes: new Set(), paths: [], required: false };
      this.usages.set(name, usage);
    }
    usage.modes.add(mode);
    if (path && !usage.paths.includes(path)) usage.paths.push(path);
    if (!guarded) usage.required = true;
  }

  /** Where an expression reads from: the root variable and the static path below it. */
  private resolve(node: AstNode, scope: Scope): { root: string; path: string; local: boolean } | undefined {
    node = unwrap(node);
    if (node instanceof nodes.Symbol) {
      const name = node.value as string;
      if (scope.locals.has(name)) {
        const alias = scope.locals.get(name);
        if (!alias) return undefined;
        return { root: alias.split(/[.[]/)[0], path: alias, local: true };
      }
      if (BUILTINS.has(name)) return undefined;
      return { root: name, path: name, local: false };
    }
    if (node instanceof nodes.LookupVal) {
      if (!(node.val instanceof nodes.Literal)) this.expr(node.val, scope, 'text', false);
      const base = this.resolve(node.target, scope);
      if (!base) {
        if (!(unwrap(node.target) instanceof nodes.Symbol)) this.expr(node.target, scope, 'text', false);
        return undefined;
      }
      return { ...base, path: base.path + segment(node.val) };
    }
    return undefined;
  }

  private symbolNode(node: AstNode): AstNode {
    node = unwrap(node);
    while (node instanceof nodes.LookupVal) node = unwrap(node.target);
    return node;
  }

  /** Records a read of `node` (a name or an attribute path) used in the given way. */
  private read(node: AstNode, scope: Scope, mode: Mode, guarded: boolean): boolean {
    const target = unwrap(node);
    if (!(target instanceof nodes.Symbol) && !(target instanceof nodes.LookupVal)) return false;
    if (target instanceof nodes.LookupVal && target.val instanceof SliceNode) {
      for (const part of ['start', 'stop', 'step'])
        if (target.val[part]) this.expr(target.val[part], scope, 'text', false);
      return this.read(target.target, scope, 'list', guarded);
    }
    const resolved = this.resolve(target, scope);
    if (!resolved) return true;
    const bare = target instanceof nodes.Symbol;
    if (resolved.local) {
      if (!bare) this.record(resolved.root, this.symbolNode(target), 'neutral', true, resolved.path);
      return true;
    }
    const isGuarded = bare && (guarded || scope.defined.has(resolved.root));
    if (bare) {
      this.record(resolved.root, target, mode, isGuarded);
    } else {
      const firstSegment = resolved.path.slice(resolved.root.length);
      this.record(
        resolved.root,
        this.symbolNode(target),
        firstSegment.startsWith('[]') ? 'list' : 'object',
        false,
        resolved.path,
      );
    }
    return true;
  }

  expr(node: AstNode, scope: Scope, mode: Mode, guarded: boolean): void {
    if (!node) return;
    if (this.read(node, scope, mode, guarded)) return;
    if (node instanceof nodes.Caller) return this.macro(node, scope);
    if (node instanceof nodes.Capture) return this.stmt(node.body, child(scope));
    if (node instanceof nodes.Literal) return;
    if (node instanceof nodes.Is) {
      const test = testName(node.right);
      this.expr(
        node.left,
        scope,
        GUARD_TESTS.has(test ?? '') ? 'neutral' : 'text',
        GUARD_TESTS.has(test ?? '') || test === 'none',
      );
      if (node.right instanceof nodes.FunCall) this.expr(node.right.args, scope, 'text', false);
      return;
    }
    if (node instanceof nodes.Filter) {
      const name = node.name.value as string;
      const [first, ...rest] = node.args.children;
      const firstMode: Mode = LIST_FILTERS.has(name)
        ? 'list'
        : MAPPING_FILTERS.has(name)
          ? 'object'
          : mode === 'boolean'
            ? 'text'
            : mode;
      this.expr(first, scope, firstMode, DEFAULT_FILTERS.has(name));
      rest.forEach((arg: AstNode) => this.expr(arg, scope, 'text', false));
      return;
    }
    if (node instanceof nodes.FunCall) {
      const callee = unwrap(node.name);
      if (
        callee instanceof nodes.LookupVal &&
        callee.val instanceof nodes.Literal &&
        typeof callee.val.value === 'string'
      ) {
        this.expr(callee.target, scope, MAPPING_METHODS.has(callee.val.value) ? 'object' : 'text', false);
      } else {
        this.expr(callee, scope, 'text', false);
      }
      this.expr(node.args, scope, 'text', false);
      return;
    }
    if (node instanceof nodes.Not) return this.expr(node.target, scope, 'boolean', guarded);
    if (node instanceof nodes.And || node instanceof nodes.Or) {
      const sub: Mode = mode === 'boolean' ? 'boolean' : 'text';
      this.expr(node.left, scope, sub, false);
      const leftGuards = guardsOf(node.left);
      this.expr(
        node.right,
        withDefined(scope, node instanceof nodes.And ? leftGuards.ifTrue : leftGuards.ifFalse),
        sub,
        false,
      );
      return;
    }
    if (node instanceof nodes.InlineIf) {
      this.expr(node.cond, scope, 'boolean', false);
      const guards = guardsOf(node.cond);
      this.expr(node.body, withDefined(scope, guards.ifTrue), mode, guarded);
      this.expr(node.else_, withDefined(scope, guards.ifFalse), mode, guarded);
      return;
    }
    if (node instanceof nodes.Group) {
      node.children.forEach((c: AstNode) => this.expr(c, scope, mode, guarded));
      return;
    }
    if (node instanceof nodes.Pair) {
      if (!(node.key instanceof nodes.Symbol)) this.expr(node.key, scope, 'text', false);
      this.expr(node.value, scope, 'text', false);
      return;
    }
    nodes.Node.prototype.iterFields.call(node, (value: unknown) => {
      if (value instanceof nodes.Node) this.expr(value, scope, 'text', false);
      else if (Array.isArray(value))
        value.forEach((c) => c instanceof nodes.Node && this.expr(c, scope, 'text', false));
    });
  }

  private macro(node: AstNode, scope: Scope): void {
    const inner = child(scope);
    for (const name of ['caller', 'varargs', 'kwargs']) inner.locals.set(name, null);
    for (const arg of node.args.children as AstNode[]) {
      if (arg instanceof nodes.Symbol) inner.locals.set(arg.value, null);
      else if (arg instanceof nodes.Dict) {
        for (const pair of arg.children as AstNode[]) {
          this.expr(pair.value, scope, 'text', false);
          inner.locals.set(pair.key.value, null);
        }
      }
    }
    this.stmt(node.body, inner);
  }

  stmt(node: AstNode, scope: Scope): void {
    if (!node) return;
    if (node instanceof nodes.TemplateData) return;
    if (node instanceof nodes.Output) {
      node.children.forEach((c: AstNode) => this.expr(c, scope, 'text', false));
    } else if (
      node instanceof nodes.NodeList &&
      !(node instanceof nodes.Array || node instanceof nodes.Dict || node instanceof nodes.Group)
    ) {
      node.children.forEach((c: AstNode) => this.stmt(c, scope));
    } else if (node instanceof nodes.If) {
      this.expr(node.cond, scope, 'boolean', false);
      const guards = guardsOf(node.cond);
      this.stmt(node.body, withDefined(child(scope), guards.ifTrue));
      this.stmt(node.else_, withDefined(child(scope), guards.ifFalse));
    } else if (node instanceof nodes.For) {
      this.loop(node, scope);
    } else if (node instanceof nodes.Set) {
      if (node.value) this.expr(node.value, scope, 'text', false);
      else this.expr(node.body, scope, 'text', false);
      for (const target of node.targets as AstNode[]) {
        if (target instanceof nodes.Symbol) scope.locals.set(target.value, null);
        else this.expr(target.target, scope, 'neutral', false);
      }
    } else if (node instanceof WithNode) {
      const inner = child(scope);
      (node.values as AstNode[]).forEach((value) => this.expr(value, scope, 'text', false));
      (node.targets as AstNode[]).forEach((target) => inner.locals.set(target.value, null));
      this.stmt(node.body, inner);
    } else if (node instanceof nodes.Macro) {
      scope.locals.set(node.name.value, null);
      this.macro(node, scope);
    } else if (node instanceof nodes.Block) {
      this.stmt(node.body, scope);
    } else {
      this.expr(node, scope, 'text', false);
    }
  }

  private loop(node: AstNode, scope: Scope): void {
    const inner = child(scope);
    inner.locals.set('loop', null);
    const source = unwrap(node.arr);
    let alias: string | null = null;
    if (source instanceof nodes.Symbol || source instanceof nodes.LookupVal) {
      const resolved = this.resolve(source, scope);
      if (resolved) {
        alias = `${resolved.path}[]`;
        if (resolved.local) {
          if (source instanceof nodes.LookupVal)
            this.record(resolved.root, this.symbolNode(source), 'neutral', true, resolved.path);
        } else if (source instanceof nodes.Symbol) {
          this.record(resolved.root, source, 'list', scope.defined.has(resolved.root));
        } else {
          this.record(resolved.root, this.symbolNode(source), 'object', false, resolved.path);
        }
      }
    } else {
      this.expr(node.arr, scope, 'list', false);
    }
    if (node.name instanceof nodes.Symbol) inner.locals.set(node.name.value, alias);
    else node.name.children.forEach((n: AstNode) => inner.locals.set(n.value, null));
    if (node.cond) this.expr(node.cond, inner, 'boolean', false);
    this.stmt(node.body, inner);
    this.stmt(node.else_, child(scope));
  }
}

function kindOf(usage: Usage): DiscoveredVariable['kind'] {
  const { modes } = usage;
  if (modes.has('list') || usage.paths.some((p) => p.startsWith(`${usage.name}[]`))) return 'list';
  if (modes.has('object') || usage.paths.length > 0) return 'object';
  if (modes.has('text')) return 'text';
  return 'boolean';
}

function collect(template: string): Usage[] {
  const ast = parseTemplate(normalizeSource(template));
  const collector = new VariableCollector();
  collector.stmt(ast, { locals: new Map(), defined: new Set() });
  return [...collector.usages.values()].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Top-level variables of a template (or of all messages of a chat prompt, merged), in order of
 * first appearance. Throws TemplateSyntaxError.
 */
export function extractVariables(input: string | ChatMessageTemplate[]): DiscoveredVariable[] {
  const templates = typeof input === 'string' ? [input] : input.map((message) => message.template);
  const merged = new Map<string, Usage>();
  for (const template of templates) {
    for (const usage of collect(template)) {
      const known = merged.get(usage.name);
      if (!known) {
        merged.set(usage.name, { ...usage, modes: new Set(usage.modes), paths: [...usage.paths] });
        continue;
      }
      usage.modes.forEach((mode) => known.modes.add(mode));
      usage.paths.forEach((path) => known.paths.includes(path) || known.paths.push(path));
      known.required ||= usage.required;
    }
  }
  return [...merged.values()].map((usage) => ({
    name: usage.name,
    kind: kindOf(usage),
    paths: usage.paths,
    required: usage.required,
  }));
}

/** Where each top-level variable is first used (1-based line and column). Throws TemplateSyntaxError. */
export function locateVariables(template: string): { name: string; line: number; column: number }[] {
  return collect(template).map((usage) => ({ name: usage.name, line: usage.line + 1, column: usage.column + 1 }));
}
