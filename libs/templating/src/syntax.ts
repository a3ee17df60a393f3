/**
 * Parsing: nunjucks' lexer and parser adjusted to Jinja2's grammar — Python string escapes and
 * number literals, operator precedence (`+` below `~` below `*`), tests binding like filters
 * (`x is divisibleby 3`), tuples, slices, `{% for x in xs if c recursive %}`, `{% set a, b = … %}`,
 * `{% set ns.attr = … %}`, `{% with %}` — plus Jinja2's source normalisation and 1-based positions.
 */
import { TemplateSyntaxError } from './errors';
import { type AstNode, lexer, lib, nodes, parser } from './nunjucks-internals';

/** `start:stop:step` inside a subscript; any part may be absent. */
export const SliceNode = nodes.Node.extend('Slice', { fields: ['start', 'stop', 'step'] });

/** Python truthiness of an expression (empty lists and dicts are false), used for conditions. */
export const TruthyNode = nodes.Node.extend('Truthy', { fields: ['target'] });

/** `{% with a = 1 %}…{% endwith %}`: names visible only inside the body. */
export const WithNode = nodes.Node.extend('With', { fields: ['targets', 'values', 'body'] });

/** `{% for %}` with Jinja2's loop filter (`if cond`) and `recursive` flag. */
export const ForNode = nodes.For.extend('For', { fields: ['arr', 'name', 'body', 'else_', 'cond'] });

/** `(a, b)`, `(a,)` and `()`: a tuple literal (a Group with `tuple` set). */
function tupleNode(lineno: number, colno: number, children: AstNode[]): AstNode {
  const node = new nodes.Group(lineno, colno, children);
  node.tuple = true;
  return node;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/** Python's `unicode-escape` decoding, which Jinja2 applies to string literals. */
export function decodePythonEscapes(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (whole, esc: string) => {
    const kind = esc[0];
    if (esc.length > 1 && (kind === 'x' || kind === 'u' || kind === 'U')) {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return Object.hasOwn(SIMPLE_ESCAPES, esc) ? SIMPLE_ESCAPES[esc] : whole;
  });
}

const NUMBER = /^(\d[\d_]*)(\.\d[\d_]*)?([eE][+-]?\d[\d_]*)?/;

type Tokenizer = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const baseTokenizer = Object.getPrototypeOf(lexer.lex('', {})) as Tokenizer;

/** Jinja2 tokens where nunjucks' differ: `1e3`, `1_000` and `2.5` numbers, Python string escapes, no `r/regex/`. */
const jinjaTokenizer: Tokenizer = Object.create(baseTokenizer);
jinjaTokenizer.nextToken = function nextToken(this: Tokenizer) {
  if (this.in_code && !this.isFinished()) {
    const lineno = this.lineno;
    const colno = this.colno;
    const cur = this.current();
    if (cur >= '0' && cur <= '9') {
      const match = NUMBER.exec(this.str.slice(this.index, this.index + 400)) as RegExpExecArray;
      this.forwardN(match[0].length);
      const text = match[0].replace(/_/g, '');
      const isFloat = match[2] !== undefined || match[3] !== undefined;
      return { type: isFloat ? lexer.TOKEN_FLOAT : lexer.TOKEN_INT, value: text, lineno, colno };
    }
    if (cur === 'r' && this.str.charAt(this.index + 1) === '/') {
      this.forward();
      return { type: lexer.TOKEN_SYMBOL, value: 'r', lineno, colno };
    }
  }
  return baseTokenizer.nextToken.call(this);
};
jinjaTokenizer._parseString = function parseString(this: Tokenizer, delimiter: string): string {
  this.forward();
  let raw = '';
  while (!this.isFinished() && this.current() !== delimiter) {
    const cur = this.current();
    raw += cur;
    this.forward();
    if (cur === '\\' && !this.isFinished()) {
      raw += this.current();
      this.forward();
    }
  }
  if (this.isFinished()) throw new Error('unexpected end of string');
  this.forward();
  return decodePythonEscapes(raw);
};

const TEST_ARG_TOKENS = new Set([
  lexer.TOKEN_SYMBOL,
  lexer.TOKEN_STRING,
  lexer.TOKEN_INT,
  lexer.TOKEN_FLOAT,
  lexer.TOKEN_BOOLEAN,
  lexer.TOKEN_NONE,
  lexer.TOKEN_LEFT_PAREN,
  lexer.TOKEN_LEFT_BRACKET,
  lexer.TOKEN_LEFT_CURLY,
]);
/** Words after a test name that continue the expression instead of being the test's argument. */
const NOT_TEST_ARGS = new Set(['else', 'or', 'and', 'if', 'not', 'in', 'is', 'for', 'recursive']);
/** nunjucks-only tags that Jinja2 does not know. */
const NON_JINJA_TAGS = new Set(['verbatim', 'asyncEach', 'asyncAll', 'ifAsync', 'switch', 'block']);

class JinjaParser extends parser.Parser {
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  constructor(tokens: unknown) {
    super(tokens);
  }

  parseStatement(): AstNode {
    const tok = this.peekToken();
    if (tok && tok.type === lexer.TOKEN_SYMBOL) {
      if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
      if (tok.value === 'with') return this.parseWith();
      if (NON_JINJA_TAGS.has(tok.value)) this.fail(`unknown tag '${tok.value}'`, tok.lineno, tok.colno);
    }
    return super.parseStatement();
  }

  /** A loop or assignment target: `x` or `a, b` (optionally parenthesised). */
  parseAssignTarget(): AstNode {
    const first = this.peekToken();
    const parenthesised = this.skip(lexer.TOKEN_LEFT_PAREN);
    const names: AstNode[] = [];
    do {
      const tok = this.nextToken();
      if (!tok || tok.type !== lexer.TOKEN_SYMBOL) {
        this.fail(`expected a name to assign to, got ${tok ? tok.value : 'end of template'}`, tok?.lineno, tok?.colno);
      }
      names.push(new nodes.Symbol(tok.lineno, tok.colno, tok.value));
    } while (this.skip(lexer.TOKEN_COMMA) && this.peekToken().type === lexer.TOKEN_SYMBOL);
    if (parenthesised && !this.skip(lexer.TOKEN_RIGHT_PAREN)) this.fail("expected ')'");
    if (names.length === 1 && !parenthesised) return names[0];
    return new nodes.Array(first.lineno, first.colno, names);
  }

  parseFor(): AstNode {
    const forTok = this.peekToken();
    if (!this.skipSymbol('for')) this.fail('expected for', forTok.lineno, forTok.colno);
    const node = new ForNode(forTok.lineno, forTok.colno);
    node.name = this.parseAssignTarget();
    if (!this.skipSymbol('in')) this.fail("expected 'in' in for loop", forTok.lineno, forTok.colno);
    node.arr = this.parseTupleOr(() => this.parseOr());
    if (this.skipSymbol('if')) node.cond = this.parseExpression();
    node.recursive = this.skipSymbol('recursive');
    this.advanceAfterBlockEnd('for');
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  }

  /** `a, b` without parentheses is a tuple where Jinja2 allows it (`set`, `for … in`). */
  parseTupleOr(parseItem: () => AstNode): AstNode {
    const first = parseItem();
    if (this.peekToken().type !== lexer.TOKEN_COMMA) return first;
    const items = [first];
    while (this.skip(lexer.TOKEN_COMMA)) {
      const next = this.peekToken();
      if (next.type === lexer.TOKEN_BLOCK_END || (next.type === lexer.TOKEN_SYMBOL && next.value === 'if')) break;
      items.push(parseItem());
    }
    return tupleNode(first.lineno, first.colno, items);
  }

  parseSet(): AstNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('set')) this.fail('expected set', tag.lineno, tag.colno);
    const node = new nodes.Set(tag.lineno, tag.colno, []);
    const target = this.parseAssignTarget();
    if (target instanceof nodes.Symbol && this.skipValue(lexer.TOKEN_OPERATOR, '.')) {
      const attr = this.nextToken();
      if (!attr || attr.type !== lexer.TOKEN_SYMBOL) this.fail('expected attribute name', attr?.lineno, attr?.colno);
      node.targets.push(
        new nodes.LookupVal(
          target.lineno,
          target.colno,
          target,
          new nodes.Literal(attr.lineno, attr.colno, attr.value),
        ),
      );
    } else if (target instanceof nodes.Array) {
      node.targets.push(...target.children);
      node.unpack = true;
    } else {
      node.targets.push(target);
    }
    if (this.skipValue(lexer.TOKEN_OPERATOR, '=')) {
      node.value = this.parseTupleOr(() => this.parseExpression());
      this.advanceAfterBlockEnd(tag.value);
      return node;
    }
    if (node.unpack || !(node.targets[0] instanceof nodes.Symbol)) {
      this.fail('a set block assigns to one name', tag.lineno, tag.colno);
    }
    const filters: AstNode[] = [];
    while (this.skip(lexer.TOKEN_PIPE)) {
      const name = this.parseFilterName();
      filters.push({ name, args: this.parseFilterArgs(name) });
    }
    if (!this.skip(lexer.TOKEN_BLOCK_END)) this.fail('expected = or block end in set tag', tag.lineno, tag.colno);
    let body: AstNode = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
    for (const f of filters) {
      body = new nodes.Filter(f.name.lineno, f.name.colno, f.name, new nodes.NodeList(0, 0, [body, ...f.args]));
    }
    node.body = body;
    node.value = null;
    this.advanceAfterBlockEnd();
    return node;
  }

  parseWith(): AstNode {
    const tag = this.peekToken();
    this.skipSymbol('with');
    const targets: AstNode[] = [];
    const values: AstNode[] = [];
    while (this.peekToken().type !== lexer.TOKEN_BLOCK_END) {
      if (targets.length > 0 && !this.skip(lexer.TOKEN_COMMA)) this.fail("expected ',' in with statement");
      const name = this.nextToken();
      if (!name || name.type !== lexer.TOKEN_SYMBOL) this.fail('expected a name in with statement');
      targets.push(new nodes.Symbol(name.lineno, name.colno, name.value));
      if (!this.skipValue(lexer.TOKEN_OPERATOR, '=')) this.fail("expected '=' in with statement");
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd('with');
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new WithNode(tag.lineno, tag.colno, targets, values, body);
  }

  parsePostfix(node: AstNode): AstNode {
    let tok = this.peekToken();
    while (tok) {
      if (tok.type === lexer.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === lexer.TOKEN_LEFT_BRACKET) {
        this.nextToken();
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, this.parseSubscript(tok));
      } else if (tok.type === lexer.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        let key: string | number;
        if (val && val.type === lexer.TOKEN_INT) key = Number(val.value);
        else if (val && [lexer.TOKEN_SYMBOL, lexer.TOKEN_BOOLEAN, lexer.TOKEN_NONE].includes(val.type)) key = val.value;
        else
          this.fail(
            `expected name as lookup value, got ${val ? val.value : 'end of template'}`,
            val?.lineno,
            val?.colno,
          );
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, key!));
      } else {
        break;
      }
      tok = this.peekToken();
    }
    return node;
  }

  /** After `[`: an index expression or a `start:stop:step` slice, up to `]`. */
  parseSubscript(open: { lineno: number; colno: number }): AstNode {
    const parts: (AstNode | null)[] = [null, null, null];
    let part = 0;
    let isSlice = false;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) this.fail("expected ']', got end of template");
      if (this.skip(lexer.TOKEN_RIGHT_BRACKET)) break;
      if (this.skip(lexer.TOKEN_COLON)) {
        isSlice = true;
        if (++part > 2) this.fail('too many slice components', tok.lineno, tok.colno);
        continue;
      }
      if (parts[part] !== null) this.fail(`expected ']', got ${tok.value}`, tok.lineno, tok.colno);
      parts[part] = this.parseExpression();
    }
    if (isSlice) return new SliceNode(open.lineno, open.colno, parts[0], parts[1], parts[2]);
    if (parts[0] === null) this.fail('expected a subscript expression', open.lineno, open.colno);
    return parts[0];
  }

  parseAggregate(): AstNode {
    const tok = this.nextToken();
    let node: AstNode;
    let close: string;
    if (tok.type === lexer.TOKEN_LEFT_PAREN)
      [node, close] = [new nodes.Group(tok.lineno, tok.colno), lexer.TOKEN_RIGHT_PAREN];
    else if (tok.type === lexer.TOKEN_LEFT_BRACKET)
      [node, close] = [new nodes.Array(tok.lineno, tok.colno), lexer.TOKEN_RIGHT_BRACKET];
    else if (tok.type === lexer.TOKEN_LEFT_CURLY)
      [node, close] = [new nodes.Dict(tok.lineno, tok.colno), lexer.TOKEN_RIGHT_CURLY];
    else return null;
    let trailingComma = false;
    for (;;) {
      const next = this.peekToken();
      if (!next) this.fail('unexpected end of template in a literal', tok.lineno, tok.colno);
      if (this.skip(close)) break;
      if (node.children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA))
          this.fail(`expected ',' or closing bracket, got ${next.value}`, next.lineno, next.colno);
        trailingComma = true;
        if (this.skip(close)) break;
      }
      trailingComma = false;
      if (node instanceof nodes.Dict) {
        const key = this.parseExpression();
        if (!this.skip(lexer.TOKEN_COLON)) this.fail("expected ':' after dict key", key.lineno, key.colno);
        node.addChild(new nodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
      } else {
        node.addChild(this.parseExpression());
      }
    }
    if (node instanceof nodes.Group && (node.children.length !== 1 || trailingComma)) node.tuple = true;
    return node;
  }

  parseCompare(): AstNode {
    const ops = ['==', '!=', '<', '>', '<=', '>='];
    const expr = this.parseMath1();
    const operands: AstNode[] = [];
    for (;;) {
      const tok = this.nextToken();
      if (!tok) break;
      if (tok.type === lexer.TOKEN_OPERATOR && ops.includes(tok.value)) {
        operands.push(new nodes.CompareOperand(tok.lineno, tok.colno, this.parseMath1(), tok.value));
      } else {
        this.pushToken(tok);
        break;
      }
    }
    return operands.length ? new nodes.Compare(operands[0].lineno, operands[0].colno, expr, operands) : expr;
  }

  /** Jinja2's precedence: `+ -` bind looser than `~`, which binds looser than `* / // %`. */
  parseMath1(): AstNode {
    let node = this.parseConcat();
    for (;;) {
      if (this.skipValue(lexer.TOKEN_OPERATOR, '+'))
        node = new nodes.Add(node.lineno, node.colno, node, this.parseConcat());
      else if (this.skipValue(lexer.TOKEN_OPERATOR, '-'))
        node = new nodes.Sub(node.lineno, node.colno, node, this.parseConcat());
      else return node;
    }
  }

  parseConcat(): AstNode {
    let node = this.parseMath2();
    while (this.skipValue(lexer.TOKEN_TILDE, '~'))
      node = new nodes.Concat(node.lineno, node.colno, node, this.parseMath2());
    return node;
  }

  parseMath2(): AstNode {
    const kinds: Record<string, AstNode> = { '*': nodes.Mul, '/': nodes.Div, '//': nodes.FloorDiv, '%': nodes.Mod };
    let node = this.parsePow();
    for (;;) {
      const tok = this.peekToken();
      if (!tok || tok.type !== lexer.TOKEN_OPERATOR || !Object.hasOwn(kinds, tok.value)) return node;
      this.nextToken();
      node = new kinds[tok.value](node.lineno, node.colno, node, this.parsePow());
    }
  }

  /** `is` binds like a filter in Jinja2, so tests are parsed with filters, not with comparisons. */
  parseIs(): AstNode {
    return this.parseCompare();
  }

  parseFilter(node: AstNode): AstNode {
    for (;;) {
      if (this.skip(lexer.TOKEN_PIPE)) {
        const name = this.parseFilterName();
        node = new nodes.Filter(
          name.lineno,
          name.colno,
          name,
          new nodes.NodeList(name.lineno, name.colno, [node, ...this.parseFilterArgs(node)]),
        );
      } else if (this.peekToken()?.type === lexer.TOKEN_SYMBOL && this.peekToken().value === 'is') {
        node = this.parseTest(node);
      } else {
        return node;
      }
    }
  }

  parseTest(node: AstNode): AstNode {
    const isTok = this.nextToken();
    const negated = this.skipSymbol('not');
    const nameTok = this.nextToken();
    if (!nameTok || ![lexer.TOKEN_SYMBOL, lexer.TOKEN_NONE, lexer.TOKEN_BOOLEAN].includes(nameTok.type)) {
      this.fail(`expected a test name after 'is'`, isTok.lineno, isTok.colno);
    }
    let name = String(nameTok.value);
    while (this.skipValue(lexer.TOKEN_OPERATOR, '.')) name += `.${this.expect(lexer.TOKEN_SYMBOL).value}`;
    const symbol = new nodes.Symbol(nameTok.lineno, nameTok.colno, name);
    let right: AstNode = symbol;
    const next = this.peekToken();
    if (next && next.type === lexer.TOKEN_LEFT_PAREN) {
      right = new nodes.FunCall(nameTok.lineno, nameTok.colno, symbol, this.parseSignature());
    } else if (
      next &&
      TEST_ARG_TOKENS.has(next.type) &&
      !(next.type === lexer.TOKEN_SYMBOL && NOT_TEST_ARGS.has(next.value))
    ) {
      const arg = this.parsePostfix(this.parsePrimary(true));
      right = new nodes.FunCall(
        nameTok.lineno,
        nameTok.colno,
        symbol,
        new nodes.NodeList(arg.lineno, arg.colno, [arg]),
      );
    }
    const test = new nodes.Is(isTok.lineno, isTok.colno, node, right);
    return negated ? new nodes.Not(isTok.lineno, isTok.colno, test) : test;
  }

  parsePrimary(noPostfix?: boolean): AstNode {
    const tok = this.peekToken();
    if (tok && tok.type === lexer.TOKEN_FLOAT) {
      this.nextToken();
      const node = new nodes.Literal(tok.lineno, tok.colno, Number(tok.value));
      node.float = true;
      return noPostfix ? node : this.parsePostfix(node);
    }
    if (tok && tok.type === lexer.TOKEN_INT) {
      this.nextToken();
      const node = new nodes.Literal(tok.lineno, tok.colno, Number(tok.value));
      return noPostfix ? node : this.parsePostfix(node);
    }
    if (tok && tok.type === lexer.TOKEN_STRING) {
      // Adjacent string literals concatenate, as in Python: 'it' 's' is 'its'.
      this.nextToken();
      let value = tok.value as string;
      while (this.peekToken()?.type === lexer.TOKEN_STRING) value += this.nextToken().value;
      const node = new nodes.Literal(tok.lineno, tok.colno, value);
      return noPostfix ? node : this.parsePostfix(node);
    }
    return super.parsePrimary(noPostfix);
  }
}

/** Jinja2's lexer normalises newlines to `\n` and drops one trailing newline (keep_trailing_newline=False). */
export function normalizeSource(template: string): string {
  const source = template.replace(/\r\n?/g, '\n');
  return source.endsWith('\n') ? source.slice(0, -1) : source;
}

export function syntaxError(source: string, reason: string, line?: number, column?: number): TemplateSyntaxError {
  const lines = source.split('\n');
  const lineNo = line && line >= 1 && line <= lines.length ? line : lines.length;
  const lineText = lines[lineNo - 1] ?? '';
  const col = column && column >= 1 ? column : lineText.length + 1;
  return new TemplateSyntaxError(reason, lineNo, col, lineText);
}

/** Jinja2-style wording for nunjucks' messages; users need no parser routine names. */
export function cleanReason(message: string): string {
  let reason = message
    .replace(/^(?:parse\w*|compile\w*|assertType): /, '')
    .replace(/^Template render error: /, '')
    .replace(/^\(unknown path\)\s*(?:\[Line \d+, Column \d+\]\s*)?/, '')
    .trim();
  const unclosed = /^expected (elif, else, or endif|block end in \w+ statement), got end of file$/.exec(reason);
  if (unclosed && unclosed[1].startsWith('elif')) reason = "unexpected end of template, expected 'endif'";
  return reason.replace(/got end of file/, 'got end of template');
}

const BLOCK_ENDS: Record<string, string> = {
  for: 'endfor',
  if: 'endif',
  macro: 'endmacro',
  call: 'endcall',
  set: 'endset',
  with: 'endwith',
  filter: 'endfilter',
  raw: 'endraw',
};

/** Which block is still open at the end of the template, for "expected 'endfor'" messages. */
function unclosedBlock(source: string): string | undefined {
  const stack: string[] = [];
  const tag = /\{%[-+]?\s*(\w+)([^%]*?)[-+]?%\}/g;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(source))) {
    const [, name, rest] = match;
    if (name === 'set' && rest.includes('=')) continue;
    if (Object.hasOwn(BLOCK_ENDS, name)) stack.push(BLOCK_ENDS[name]);
    else if (name.startsWith('end') && stack.at(-1) === name) stack.pop();
  }
  return stack.at(-1);
}

export function parseTemplate(source: string): AstNode {
  try {
    const tokens = lexer.lex(source, {});
    Object.setPrototypeOf(tokens, jinjaTokenizer);
    const p = new JinjaParser(tokens);
    return p.parseAsRoot();
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw error;
    const e = error as { message?: string; lineno?: number; colno?: number };
    let reason = cleanReason(
      error instanceof lib.TemplateError || error instanceof Error ? (e.message ?? '') : String(error),
    );
    if (/end of (file|template)|unexpected end/.test(reason)) {
      const open = unclosedBlock(source);
      if (open) reason = `unexpected end of template, expected '${open}'`;
      throw syntaxError(source, reason);
    }
    throw syntaxError(source, reason, e.lineno, e.colno);
  }
}
