import {
  CompiledTemplate,
  compileTemplate,
  DiscoveredVariable,
  extractVariables,
  renderPrompt,
  TemplateError,
  TemplateSyntaxError,
  UndefinedVariableError,
  VariableIssue,
} from '@promptops/templating';
import { MissingVariables, PromptOpsError } from './errors';
import type { ChatMessage, ResolvedVersion } from './types';

const TEMPLATE_CACHE_SIZE = 500;

/** Budget of one local render, as the API's inline budget: a prompt renders in well under 1 ms. */
const RENDER_TIMEOUT_MS = 1_000;

/**
 * Renders versions with the API's own templating library (bundled), so a cached version
 * renders exactly as the server would render it: strict variables, declared defaults,
 * Jinja2 semantics. Compiled templates and their variables are kept per template text.
 */
export class LocalRenderer {
  private readonly compiled = new Map<string, CompiledTemplate>();
  private readonly variables = new Map<string, DiscoveredVariable[]>();

  render(
    version: Pick<ResolvedVersion, 'kind' | 'template' | 'messages' | 'variablesMeta'>,
    given: Record<string, unknown>,
  ): {
    text: string;
    messages: ChatMessage[] | null;
  } {
    if (version.kind === 'flow') {
      throw new PromptOpsError({
        status: 400,
        code: 'PROMPT_IS_FLOW',
        title: 'Bad Request',
        detail: 'This is a flow: execute it with flow(name).execute(inputs)',
      });
    }
    let rendered;
    try {
      rendered = renderPrompt(
        {
          template: version.template,
          messages: version.kind === 'chat' ? version.messages : null,
          variablesMeta: version.variablesMeta,
        },
        given,
        { timeoutMs: RENDER_TIMEOUT_MS, compile: this.compile, variablesOf: this.variablesOf },
      );
    } catch (error) {
      throw problemOf(error);
    }
    if (rendered.issues.length) throw issuesError(rendered.issues);
    return { text: rendered.text as string, messages: (rendered.messages ?? null) as ChatMessage[] | null };
  }

  private readonly compile = (template: string): CompiledTemplate =>
    remember(this.compiled, template, () => compileTemplate(template));

  private readonly variablesOf = (template: string): DiscoveredVariable[] =>
    remember(this.variables, template, () => extractVariables(template));
}

function remember<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= TEMPLATE_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, value);
  }
  return value;
}

/** The same 400 the API answers: `MISSING_VARIABLE` first, else `INVALID_VARIABLE`. */
function issuesError(issues: VariableIssue[]): PromptOpsError {
  const missing = issues.filter((issue) => issue.code === 'MISSING_VARIABLE');
  const first = missing[0] ?? issues[0];
  const problem = {
    status: 400,
    title: 'Bad Request',
    code: missing.length ? 'MISSING_VARIABLE' : 'INVALID_VARIABLE',
    detail: first.message,
    errors: issues.map((issue) => ({ field: `variables.${issue.name}`, message: issue.message, code: issue.code })),
  };
  return missing.length ? new MissingVariables(problem) : new PromptOpsError(problem);
}

function problemOf(error: unknown): Error {
  if (error instanceof UndefinedVariableError) {
    return new MissingVariables({
      status: 400,
      title: 'Bad Request',
      code: 'MISSING_VARIABLE',
      detail: error.message,
      errors: [{ field: `variables.${error.variable}`, message: error.message, code: 'MISSING_VARIABLE' }],
    });
  }
  if (error instanceof TemplateSyntaxError) {
    return new PromptOpsError({ status: 400, title: 'Bad Request', code: error.code, detail: error.message });
  }
  if (error instanceof TemplateError) {
    return new PromptOpsError({ status: 422, title: 'Unprocessable Content', code: error.code, detail: error.message });
  }
  return error instanceof Error ? error : new Error(String(error));
}
