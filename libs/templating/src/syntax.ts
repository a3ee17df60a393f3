/**
 * Parsing: nunjucks' parser extended with Python slices (`items[1:]`, `s[::-1]`), Jinja2's source
 * normalisation (newlines, one trailing newline dropped) and errors carrying 1-based positions.
 */
import { TemplateSyntaxError } from './errors';
import { type AstNode, lexer, lib, nodes, parser } from './nunjucks-internals';

/** `start:stop:step` inside a subscript; any part may be absent. */
export const SliceNode = nodes.Node.extend('Slice', { fields: ['start', 'stop', 'step'] });

/** Python truthiness of an expression (empty lists and dicts are false), used for conditions. */
export const TruthyNode = nodes.Node.extend('Truthy', { fields: ['target'] });

class JinjaParser extends parser.Parser {
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  constructor(tokens: unknown) {
    super(tokens);
  }

  /** Reads `[a:b:c]` as a slice when the ordinary list/subscript parse fails on the colon. */
  parseAggregate(): AstNode {
    const tokens = this.tokens;
    const saved = { index: tokens.index - 1, lineno: tokens.lineno, colno: tokens.colno - 1 };
    try {
      return super.parseAggregate();
    } catch (error) {
      const failed = { index: tokens.index, lineno: tokens.lineno, colno: tokens.colno };
      Object.assign(tokens, saved);
      this.peeked = false;
      const open = this.peekToken();
      if (open.type !== lexer.TOKEN_LEFT_BRACKET) {
        Object.assign(tokens, failed);
        throw error;
      }
      this.nextToken();
      const parts: (AstNode | null)[] = [null, null, null];
      let part = 0;
      let isSlice = false;
      while (!this.skip(lexer.TOKEN_RIGHT_BRACKET)) {
        if (this.skip(lexer.TOKEN_COLON)) {
          isSlice = true;
          part++;
          if (part > 2) this.fail('too many slice components', open.lineno, open.colno);
          continue;
        }
        if (parts[part] !== null) {
          Object.assign(tokens, failed);
          throw error;
        }
        parts[part] = this.parseExpression();
      }
      if (!isSlice) {
        Object.assign(tokens, failed);
        throw error;
      }
      const slice = new SliceNode(open.lineno, open.colno, parts[0], parts[1], parts[2]);
      return new nodes.Array(open.lineno, open.colno, [slice]);
    }
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

/** nunjucks prefixes parser messages with the failing routine (`parseIf: expected ...`); users need only the rest. */
export function cleanReason(message: string): string {
  return message.replace(/^(?:parse\w*|compile\w*|assertType): /, '').replace(/^Template render error: /, '');
}

export function parseTemplate(source: string): AstNode {
  try {
    const p = new JinjaParser(lexer.lex(source, {}));
    return p.parseAsRoot();
  } catch (error) {
    if (error instanceof lib.TemplateError) {
      const e = error as { message: string; lineno?: number; colno?: number };
      throw syntaxError(source, cleanReason(e.message), e.lineno, e.colno);
    }
    throw syntaxError(source, error instanceof Error ? error.message : String(error));
  }
}
