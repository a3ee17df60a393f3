import type { VersionResponseDto } from '@promptops/api-client';
import {
  type ChatMessage,
  type CompiledTemplate,
  compileTemplate,
  extractVariables,
  mergeVariablesMeta,
  renderPrompt,
  TemplateError,
  UndefinedVariableError,
  type VariableMeta,
} from '@promptops/templating';
import { ErrorCode } from '@promptops/shared';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { fromVariablesDto } from '../variables-meta';
import { InvalidJson } from '../components/JsonInput';

export type VariableValues = Record<string, unknown>;

const PREVIEW_BUDGET_MS = 250;

/** Form values the template can use: empty and unparsable fields count as not given. */
export function toVariables(values: VariableValues): VariableValues {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && !(value instanceof InvalidJson)),
  );
}

export function defaultsOf(fields: VariableMeta[]): VariableValues {
  return Object.fromEntries(fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default]));
}

/** The variables a version uses; older versions may use variables they never declared, so those count too. */
export function useVersionFields(version: VersionResponseDto): VariableMeta[] {
  return useMemo(
    () =>
      mergeVariablesMeta(
        fromVariablesDto(version.variablesMeta),
        extractVariables(version.messages ?? version.template),
      ),
    [version],
  );
}

export interface LiveRender {
  text?: string;
  /** A chat version's rendered messages. */
  messages?: ChatMessage[];
  error?: string;
  /** Required variables without a value yet: an invitation to fill them in, not an error. */
  missing: string[];
  /** Per-variable problems, shown on the form fields they concern. */
  issues: Record<string, string>;
}

/** Renders a version in the browser as its variables are typed, with the same renderPrompt the API uses. */
export function useLiveRender(version: VersionResponseDto, fields: VariableMeta[], values: VariableValues): LiveRender {
  const { t } = useI18n();
  // Compiled once per version: typing a value re-renders without parsing the templates again.
  const compile = useMemo(() => {
    const cache = new Map<string, CompiledTemplate>();
    return (template: string) => {
      let compiled = cache.get(template);
      if (!compiled) cache.set(template, (compiled = compileTemplate(template)));
      return compiled;
    };
  }, [version]);

  return useMemo((): LiveRender => {
    try {
      const rendered = renderPrompt(
        { template: version.template, messages: version.messages, variablesMeta: fields },
        toVariables(values),
        // A preview re-renders on every keystroke: a runaway template stops well before a user notices.
        { compile, timeoutMs: PREVIEW_BUDGET_MS },
      );
      if (rendered.issues.length > 0) {
        const invalid = rendered.issues.filter((i) => i.code !== ErrorCode.MISSING_VARIABLE);
        return {
          missing: rendered.issues.filter((i) => i.code === ErrorCode.MISSING_VARIABLE).map((i) => i.name),
          issues: Object.fromEntries(invalid.map((i) => [i.name, i.message])),
        };
      }
      return version.messages
        ? { messages: rendered.messages ?? [], missing: [], issues: {} }
        : { text: rendered.text, missing: [], issues: {} };
    } catch (error) {
      const message = error instanceof TemplateError ? error.message : String(error);
      const line = (error as { line?: number }).line;
      const atLine = line ? t('preview.errorAtLine', { line, message }) : message;
      const index = error instanceof TemplateError ? error.messageIndex : undefined;
      const located = index !== undefined ? t('chat.inMessage', { index: index + 1, error: atLine }) : atLine;
      // A missing attribute (`user.name`) belongs to the field of its root variable.
      const issues = error instanceof UndefinedVariableError ? { [error.variable.split(/[.[]/)[0]]: message } : {};
      return { error: located, missing: [], issues };
    }
  }, [compile, fields, values, version, t]);
}
