/**
 * Compile once, render many times: a template is parsed, checked and turned into a JavaScript
 * function up front; each render runs it with a fresh context, frame and budget.
 */
import { ErrorCode } from '@promptops/shared';
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_TIMEOUT_MS,
  type WorkBudget,
  createBudget,
  enterBudget,
  leaveBudget,
} from './budget';
import { prepareAst, JinjaCompiler } from './compiler';
import { TemplateError, TemplateLimitError, TemplateRenderError, TemplateSyntaxError } from './errors';
import { environment, environmentInternals } from './environment';
import { lib, nunjucksRuntime } from './nunjucks-internals';
import { utf8Length } from './python';
import { type RuntimeContext, createRuntime } from './runtime';
import { cleanReason, normalizeSource, parseTemplate, syntaxError } from './syntax';

export interface RenderOptions {
  /** Wall-clock budget for all the work of the render (see budget.ts). Default 1000 ms. */
  timeoutMs?: number;
  /** Largest rendered output, in UTF-8 bytes, and largest string or list built. Default 1 000 000. */
  maxOutputBytes?: number;
  /** Spend from this budget instead of a new one: several templates rendered as one prompt. */
  budget?: WorkBudget;
}

export interface CompiledTemplate {
  render(variables: Record<string, unknown>, options?: RenderOptions): string;
}

export { DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_TIMEOUT_MS };

type RenderFunction = (
  env: unknown,
  context: unknown,
  frame: unknown,
  runtime: unknown,
  cb: (err: unknown, out?: string) => void,
) => void;
type Block = RenderFunction;

/** The `context` object compiled code talks to; variables live in a prototype-less copy. */
class RenderContext implements RuntimeContext {
  readonly ctx: Record<string, unknown> = Object.create(null);
  private readonly blocks: Record<string, Block[]> = Object.create(null);
  private readonly exported: string[] = [];
  /** Size guard for filters that build strings or lists (see filters.ts). */
  maxItems = DEFAULT_MAX_OUTPUT_BYTES;

  constructor(
    variables: Record<string, unknown>,
    blocks: Record<string, Block>,
    readonly env: RuntimeContext['env'],
  ) {
    for (const key of Object.keys(variables)) this.ctx[key] = variables[key];
    for (const name of Object.keys(blocks)) this.addBlock(name, blocks[name]);
  }

  lookup(name: string): unknown {
    if (Object.hasOwn(this.ctx, name)) return this.ctx[name];
    return Object.hasOwn(this.env.globals, name) ? this.env.globals[name] : undefined;
  }
  setVariable(name: string, value: unknown): void {
    this.ctx[name] = value;
  }
  getVariables(): Record<string, unknown> {
    return this.ctx;
  }
  addBlock(name: string, block: Block): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): Block {
    const block = this.blocks[name]?.[0];
    if (!block) throw new TemplateRenderError(`unknown block "${name}"`);
    return block;
  }
  getSuper(env: unknown, name: string, block: Block, frame: unknown, runtime: unknown, cb: () => void): void {
    const list = this.blocks[name] ?? [];
    const parent = list[list.indexOf(block) + 1];
    if (list.indexOf(block) === -1 || !parent) throw new TemplateRenderError(`no super block available for "${name}"`);
    parent(env, this, frame, runtime, cb);
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    return Object.fromEntries(this.exported.map((name) => [name, this.ctx[name]]));
  }
}

/** Quotes the offending source line on errors that carry a position. */
function withLineText(error: TemplateError, lines: string[]): TemplateError {
  const e = error as TemplateError & { line?: number; lineText?: string };
  if (typeof e.line === 'number' && e.lineText === undefined && !(error instanceof TemplateSyntaxError)) {
    e.lineText = lines[e.line - 1] ?? '';
  }
  return error;
}

class JinjaTemplate implements CompiledTemplate {
  private lines: string[] | undefined;

  constructor(
    private readonly root: RenderFunction,
    private readonly blocks: Record<string, Block>,
    private readonly source: string,
  ) {}

  render(variables: Record<string, unknown>, options: RenderOptions = {}): string {
    const budget = options.budget ?? createBudget(options.timeoutMs, options.maxOutputBytes);
    const previous = enterBudget(budget);
    try {
      return this.renderWithin(budget.maxOutputBytes, variables);
    } finally {
      leaveBudget(previous);
    }
  }

  private renderWithin(maxOutputBytes: number, variables: Record<string, unknown>): string {
    const runtime = createRuntime({ maxOutputBytes, depth: 0 });
    const context = new RenderContext(variables ?? {}, this.blocks, environmentInternals);
    context.maxItems = maxOutputBytes;
    const frame = new nunjucksRuntime.Frame();
    frame.topLevel = true;
    let failure: unknown;
    let output = '';
    this.root(environment, context, frame, runtime, (err, res) => {
      if (err) failure = err;
      else output = res ?? '';
    });
    if (failure !== undefined) {
      const error = failure instanceof TemplateError ? failure : runtime.handleError(failure, 0, 0);
      this.lines ??= this.source.split('\n');
      throw withLineText(error, this.lines);
    }
    // A UTF-16 code unit is at most 3 UTF-8 bytes: short outputs need no byte count.
    if (output.length * 3 > maxOutputBytes && (output.length > maxOutputBytes || utf8Length(output) > maxOutputBytes)) {
      throw new TemplateLimitError(ErrorCode.TEMPLATE_OUTPUT_LIMIT, `Rendered output exceeds ${maxOutputBytes} bytes`);
    }
    return output;
  }
}

/** Parses and compiles `template`; throws TemplateSyntaxError with a 1-based position. */
export function compileTemplate(template: string): CompiledTemplate {
  const source = normalizeSource(template);
  const ast = parseTemplate(source);
  prepareAst(ast, environmentInternals, source);
  let code: string;
  try {
    const compiler = new JinjaCompiler('template');
    compiler.compile(ast);
    code = compiler.getCode();
  } catch (error) {
    if (error instanceof TemplateSyntaxError) throw error;
    const e = error as { message?: string; lineno?: number; colno?: number };
    const reason = cleanReason(
      error instanceof lib.TemplateError || error instanceof Error ? (e.message ?? '') : String(error),
    );
    throw syntaxError(source, reason, e.lineno, e.colno);
  }
  // The generated code is nunjucks' own output for a tree we built and checked; it reaches only `runtime`.
  const props = new Function(code)() as Record<string, RenderFunction>;
  const blocks: Record<string, Block> = {};
  for (const key of Object.keys(props)) if (key.startsWith('b_')) blocks[key.slice(2)] = props[key];
  return new JinjaTemplate(props.root, blocks, source);
}

export function renderTemplate(template: string, variables: Record<string, unknown>, options?: RenderOptions): string {
  return compileTemplate(template).render(variables, options);
}

/** `null` when the template compiles, otherwise the error that `compileTemplate` would throw. */
export function checkSyntax(template: string): TemplateSyntaxError | null {
  try {
    compileTemplate(template);
    return null;
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
}
