import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import {
  CompiledTemplate,
  compileTemplate,
  DiscoveredVariable,
  extractVariables,
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
import { RenderPool } from './render-pool';

export interface RenderResult {
  text: string;
  /** The variables the template saw: given values plus declared defaults. */
  variables: Record<string, unknown>;
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

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly pool: RenderPool,
  ) {}

  async render(template: string, meta: VariableMeta[], given: Record<string, unknown>): Promise<RenderResult> {
    const compiled = this.compile(template);
    const { values, issues } = validateVariables(meta, given);
    const missing = this.undeclaredMissing(template, meta, values);
    this.throwIfIssues([...issues, ...missing]);
    const { timeoutMs, maxOutputBytes, inlineBudgetMs } = this.config.templates;
    try {
      // Nearly every prompt renders in well under a millisecond, so it is rendered right here;
      // one that is still running after a short budget is rendered again in a worker thread,
      // where its full budget is enforced by terminating the thread if need be.
      return {
        text: compiled.render(values, { timeoutMs: Math.min(inlineBudgetMs, timeoutMs), maxOutputBytes }),
        variables: values,
      };
    } catch (error) {
      if (
        !(error instanceof TemplateLimitError && error.code === ErrorCode.TEMPLATE_TIME_LIMIT) ||
        inlineBudgetMs >= timeoutMs
      ) {
        throw toProblem(error);
      }
    }
    try {
      return { text: await this.pool.render(template, values, { timeoutMs, maxOutputBytes }), variables: values };
    } catch (error) {
      throw toProblem(error);
    }
  }

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

  discover(template: string): DiscoveredVariable[] {
    this.compile(template);
    return extractVariables(template);
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

  /** Variables the template needs unconditionally but that were neither given nor declared with a default. */
  private undeclaredMissing(template: string, meta: VariableMeta[], values: Record<string, unknown>): VariableIssue[] {
    const declared = new Set(meta.map((m) => m.name));
    return extractVariables(template)
      .filter((v) => v.required && !declared.has(v.name) && values[v.name] === undefined)
      .map((v) => ({ name: v.name, code: 'MISSING_VARIABLE', message: `Missing variable: {{${v.name}}}` }));
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
      error.line ? { line: error.line, column: error.column } : {},
    );
  }
  if (error instanceof TemplateError) {
    const position = (error as { line?: number; column?: number }).line
      ? { line: (error as { line?: number }).line, column: (error as { column?: number }).column }
      : {};
    return new DomainError(422, error.code as ErrorCode, 'Unprocessable Content', error.message, undefined, position);
  }
  return error instanceof Error ? error : new Error(String(error));
}
