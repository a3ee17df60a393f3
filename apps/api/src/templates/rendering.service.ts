import { Inject, Injectable } from '@nestjs/common';
import { ChatMessageTemplate, ChatRole, ErrorCode, PromptKind, VersionKind } from '@promptops/shared';
import {
  CompiledTemplate,
  compileTemplate,
  DiscoveredVariable,
  extractVariables,
  RenderedPrompt,
  renderPrompt,
  toPromptflowText,
  TemplateError,
  TemplateLimitError,
  TemplateSyntaxError,
  UndefinedVariableError,
  validateVariables,
  VariableIssue,
  VariableMeta,
} from '@promptops/templating';
import { BadRequestError, DomainError, FieldError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { InlineBudget } from './inline-budget';
import { RenderPool } from './render-pool';

export interface RenderedMessage {
  role: ChatRole;
  content: string;
}

/** What is rendered: a text template, or the role messages of a chat prompt. */
export interface RenderSource {
  kind: VersionKind;
  template: string;
  messages: ChatMessageTemplate[] | null;
  variablesMeta: VariableMeta[];
}

export interface RenderResult {
  text: string;
  /** Role messages: a chat version's, or a text template's `# system:` / `# user:` sections. */
  messages: RenderedMessage[] | null;
  /** The variables the template saw: given values plus declared defaults. */
  variables: Record<string, unknown>;
}

export interface UnsavedContent {
  template?: string;
  messages?: ChatMessageTemplate[];
  variablesMeta?: VariableMeta[];
}

const COMPILED_CACHE_SIZE = 1000;

/**
 * The API's single entry to libs/templating: compiles (with a cache), checks variables against
 * their declarations, renders, and turns every templating failure into a problem the caller can
 * act on (a missing variable is `Missing variable: {{name}}`, a syntax error names its line).
 */
@Injectable()
export class RenderingService {
  private readonly compiled = new Map<string, CompiledTemplate>();
  /** Variable discovery parses the template: done once per template, not per render. */
  private readonly discovered = new Map<string, DiscoveredVariable[]>();

  private readonly inline: InlineBudget;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pool: RenderPool,
  ) {
    this.inline = new InlineBudget(config.templates.inlineBudgetMs);
  }

  async render(source: RenderSource, given: Record<string, unknown>): Promise<RenderResult> {
    // Every path that renders a version meets this: a flow's version has steps, not a template.
    if (source.kind === 'flow') throw new FlowNotRenderableError();
    const prompt = {
      template: source.template,
      messages: source.kind === 'chat' ? source.messages : null,
      variablesMeta: source.variablesMeta,
    };
    const { timeoutMs, maxOutputBytes } = this.config.templates;
    const inlineMs = Math.min(this.inline.next(), timeoutMs);
    let rendered: RenderedPrompt;
    const started = performance.now();
    try {
      // Nearly every prompt renders in well under a millisecond, so it is rendered right here;
      // one still running after its inline budget is rendered again in a worker thread, where
      // its full budget is enforced by terminating the thread if need be.
      rendered = renderPrompt(prompt, given, {
        timeoutMs: inlineMs,
        maxOutputBytes,
        compile: this.compileCached,
        variablesOf: this.variablesOfCached,
      });
      this.inline.spent(performance.now() - started);
    } catch (error) {
      this.inline.spent(performance.now() - started);
      const timedOut = error instanceof TemplateLimitError && error.code === ErrorCode.TEMPLATE_TIME_LIMIT;
      if (!timedOut || inlineMs >= timeoutMs) throw toProblem(error);
      try {
        rendered = await this.pool.render(prompt, given, { timeoutMs, maxOutputBytes });
      } catch (slow) {
        throw toProblem(slow);
      }
    }
    if (rendered.issues.length) this.throwIfIssues(rendered.issues);
    return {
      text: rendered.text as string,
      messages: (rendered.messages ?? null) as RenderedMessage[] | null,
      variables: rendered.variables,
    };
  }

  /**
   * Values checked against their declarations as a render checks them (defaults filled in, a
   * missing one answers `Missing variable: {{name}}`), for what is not a template: a flow's inputs.
   */
  checkVariables(meta: VariableMeta[], given: Record<string, unknown>): Record<string, unknown> {
    const { values, issues } = validateVariables(meta, given);
    this.throwIfIssues(issues);
    return values;
  }

  private readonly compileCached = (template: string): CompiledTemplate => this.compile(template);
  private readonly variablesOfCached = (template: string): DiscoveredVariable[] => this.variablesOf(template);

  /** Throws a 400 naming line and column when the template does not parse. */
  compile(template: string): CompiledTemplate {
    const cached = this.compiled.get(template);
    if (cached) return cached;
    let compiled: CompiledTemplate;
    try {
      compiled = compileTemplate(template);
    } catch (error) {
      throw toProblem(error);
    }
    if (this.compiled.size >= COMPILED_CACHE_SIZE) {
      this.compiled.delete(this.compiled.keys().next().value as string);
    }
    this.compiled.set(template, compiled);
    return compiled;
  }

  /** Checks a version's content before it is saved; chat messages are named by position. */
  assertValidContent(
    kind: PromptKind,
    template: string | undefined,
    messages: ChatMessageTemplate[] | undefined,
  ): void {
    if (kind === 'chat') {
      if (template !== undefined) {
        throw new BadRequestError(ErrorCode.VALIDATION_FAILED, 'A chat version has messages, not a template', [
          { field: 'template', message: 'leave template out when kind is chat' },
        ]);
      }
      (messages ?? []).forEach((message, index) => {
        try {
          this.compile(message.template);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          throw new BadRequestError(error.code, `messages[${index}] (${message.role}): ${error.detail}`, undefined, {
            ...error.extensions,
            field: `messages.${index}.template`,
          });
        }
      });
      return;
    }
    if (messages !== undefined) {
      throw new BadRequestError(ErrorCode.VALIDATION_FAILED, 'A text version has a template, not messages', [
        { field: 'messages', message: 'set kind to chat to save messages' },
      ]);
    }
    this.compile(template ?? '');
  }

  /** Renders editor content that has not been saved: a template, or chat messages. */
  renderUnsaved(content: UnsavedContent, variables: Record<string, unknown>): Promise<RenderResult> {
    const source = this.unsavedSource(content);
    this.assertValidMeta(source.variablesMeta);
    return this.render(source, variables);
  }

  /** The variables unsaved editor content needs, from its syntax tree. */
  discoverUnsaved(content: UnsavedContent): DiscoveredVariable[] {
    const source = this.unsavedSource(content);
    return extractVariables(source.template);
  }

  private unsavedSource(content: UnsavedContent): RenderSource {
    const kind: PromptKind = content.messages ? 'chat' : 'text';
    this.assertValidContent(kind, content.messages ? undefined : (content.template ?? ''), content.messages);
    return {
      kind,
      template: content.messages ? toPromptflowText(content.messages) : (content.template ?? ''),
      messages: content.messages ?? null,
      variablesMeta: content.variablesMeta ?? [],
    };
  }

  /** Rejects declarations whose defaults do not fit their type, before they are saved. */
  assertValidMeta(meta: VariableMeta[]): void {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    meta.forEach((entry, index) => {
      if (seen.has(entry.name)) {
        errors.push({ field: `variablesMeta.${index}.name`, message: `variable "${entry.name}" is declared twice` });
      }
      seen.add(entry.name);
      if (entry.type === 'choice' && !entry.choices?.length) {
        errors.push({
          field: `variablesMeta.${index}.choices`,
          message: `choice variable "${entry.name}" needs choices`,
        });
      }
      if (entry.default !== undefined) {
        const { issues } = validateVariables([{ ...entry, required: false }], { [entry.name]: entry.default });
        for (const issue of issues) {
          errors.push({ field: `variablesMeta.${index}.default`, message: issue.message });
        }
      }
    });
    if (errors.length) {
      throw new DomainError(
        400,
        ErrorCode.VALIDATION_FAILED,
        'Validation Failed',
        `${errors[0].field}: ${errors[0].message}`,
        errors,
      );
    }
  }

  private variablesOf(template: string): DiscoveredVariable[] {
    let variables = this.discovered.get(template);
    if (!variables) {
      variables = extractVariables(template);
      if (this.discovered.size >= COMPILED_CACHE_SIZE)
        this.discovered.delete(this.discovered.keys().next().value as string);
      this.discovered.set(template, variables);
    }
    return variables;
  }

  private throwIfIssues(issues: VariableIssue[]): void {
    if (!issues.length) return;
    const missing = issues.filter((i) => i.code === 'MISSING_VARIABLE');
    const first = missing[0] ?? issues[0];
    const errors = issues.map((i) => ({ field: `variables.${i.name}`, message: i.message, code: i.code }));
    throw new BadRequestError(
      missing.length ? ErrorCode.MISSING_VARIABLE : ErrorCode.INVALID_VARIABLE,
      first.message,
      errors,
    );
  }
}

/** Where a render failed: line and column, and the message of a chat prompt. */
function location(error: TemplateError & { line?: number; column?: number }): Record<string, number> {
  return {
    ...(error.line ? { line: error.line, column: error.column as number } : {}),
    ...(error.messageIndex !== undefined ? { messageIndex: error.messageIndex } : {}),
  };
}

function toProblem(error: unknown): Error {
  if (error instanceof DomainError) return error;
  if (error instanceof TemplateSyntaxError) {
    return new BadRequestError(ErrorCode.TEMPLATE_SYNTAX_ERROR, error.message, undefined, {
      line: error.line,
      column: error.column,
      lineText: error.lineText,
    });
  }
  if (error instanceof UndefinedVariableError) {
    return new BadRequestError(
      ErrorCode.MISSING_VARIABLE,
      error.message,
      [{ field: `variables.${error.variable}`, message: error.message, code: ErrorCode.MISSING_VARIABLE }],
      location(error),
    );
  }
  if (error instanceof TemplateError) {
    return new DomainError(422, error.code, 'Unprocessable Content', error.message, undefined, location(error));
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** A flow version was handed to something that renders templates (render, run, Playground, a judge). */
export class FlowNotRenderableError extends BadRequestError {
  constructor(name?: string) {
    super(
      ErrorCode.PROMPT_IS_FLOW,
      name
        ? `"${name}" is a flow: execute it with POST /api/v1/flows/${name}/execute`
        : 'This version is a flow: flows are executed (POST /api/v1/flows/{name}/execute), not rendered',
    );
  }
}
