/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * nunjucks' parser, node classes, compiler and runtime are public objects of the package but are
 * not described by @types/nunjucks; this module is the one place that reaches them, loosely typed.
 */
import nunjucks from 'nunjucks';

export type AstNode = any;

interface NunjucksInternals {
  lexer: { lex(src: string, opts?: object): unknown; [token: string]: any };
  parser: { Parser: any };
  nodes: Record<string, any> & { Node: any };
  compiler: { Compiler: any };
  runtime: Record<string, any> & { Frame: any; SafeString: any };
  lib: Record<string, any> & { TemplateError: any };
}

export const internals = nunjucks as unknown as NunjucksInternals;
export const { lexer, parser, nodes, compiler, runtime: nunjucksRuntime, lib } = internals;
export { nunjucks };

/** Visits the direct child nodes of `node` (named fields and list children). */
export function forEachChild(node: AstNode, visit: (child: AstNode) => void): void {
  for (const field of node.fields as string[]) {
    const value = node[field];
    if (value instanceof nodes.Node) visit(value);
    else if (Array.isArray(value)) value.forEach((item) => item instanceof nodes.Node && visit(item));
  }
}
