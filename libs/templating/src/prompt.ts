/**
 * A prompt rendered as a whole, the one way the API and the console do it: variables checked
 * against their declarations (and against what the template itself requires), then the text
 * template — or every message of a chat prompt — rendered under one shared work budget.
 */
import { createBudget } from './budget';
import { type ChatMessage, type ChatMessageTemplate, parseRoleMessages, toPromptflowText } from './chat';
import { TemplateError } from './errors';
import { type CompiledTemplate, type RenderOptions, compileTemplate } from './render';
import { type VariableIssue, type VariableMeta, validateVariables } from './validate';
import { type DiscoveredVariable, extractVariables } from './variables';

export interface PromptSource {
  /** A text prompt's template; for a chat prompt, its messages in promptflow text (see toPromptflowText). */
  template: string;
  /** A chat prompt's message templates, rendered in order. */
  messages?: ChatMessageTemplate[] | null;
  variablesMeta?: VariableMeta[];
}

export interface RenderedPrompt {
  /** Problems with the variables, found before rendering; when there are any, nothing was rendered. */
  issues: VariableIssue[];
  /** The rendered text (a chat prompt's messages in promptflow form). */
  text?: string;
  /** A chat prompt's messages, or a text prompt's `# system:` / `# user:` sections; null when unmarked. */
  messages?: ChatMessage[] | null;
  /** What the templates saw: the given values plus declared defaults. */
  variables: Record<string, unknown>;
}

export interface PromptRenderOptions extends RenderOptions {
  /** Compiles a template (the API passes its cache); `compileTemplate` by default. */
  compile?: (template: string) => CompiledTemplate;
  /** The variables a template uses (the API passes its cache); `extractVariables` by default. */
  variablesOf?: (template: string) => DiscoveredVariable[];
}

/**
 * Checks `given` and renders `source`. Variable problems come back as `issues`; a template that
 * fails throws its TemplateError, with `messageIndex` set for the message of a chat prompt.
 */
export function renderPrompt(
  source: PromptSource,
  given: Record<string, unknown>,
  options: PromptRenderOptions = {},
): RenderedPrompt {
  const meta = source.variablesMeta ?? [];
  const { values, issues } = validateVariables(meta, given);
  const variablesOf = options.variablesOf ?? extractVariables;
  for (const variable of variablesOf(source.template)) {
    if (!variable.required || values[variable.name] !== undefined) continue;
    if (meta.some((m) => m.name === variable.name)) continue;
    issues.push({ name: variable.name, code: 'MISSING_VARIABLE', message: `Missing variable: {{${variable.name}}}` });
  }
  if (issues.length) return { issues, variables: values };

  const compile = options.compile ?? compileTemplate;
  const budget = createBudget(options.timeoutMs, options.maxOutputBytes);
  if (source.messages) {
    const messages = source.messages.map((message, index) => {
      try {
        return { role: message.role, content: compile(message.template).render(values, { budget }) };
      } catch (error) {
        if (error instanceof TemplateError) error.messageIndex = index;
        throw error;
      }
    });
    const text = toPromptflowText(messages.map((m) => ({ role: m.role, template: m.content })));
    return { issues, text, messages, variables: values };
  }
  const text = compile(source.template).render(values, { budget });
  return { issues, text, messages: parseRoleMessages(text), variables: values };
}
