import type { VersionResponseDto } from '@promptops/api-client';
import {
  type ChatMessage,
  type CompiledTemplate,
  compileTemplate,
  extractVariables,
  mergeVariablesMeta,
  TemplateError,
  UndefinedVariableError,
  validateVariables,
  type VariableMeta,
} from '@promptops/templating';
import { ErrorCode } from '@promptops/shared';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { fromVariablesDto } from '../variables-meta';
import { InvalidJson } from '../components/JsonInput';

export type VariableValues = Record<string, unknown>;

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

/** Renders a version in the browser as its variables are typed, with the same library the API uses. */
export function useLiveRender(version: VersionResponseDto, fields: VariableMeta[], values: VariableValues): LiveRender {
  const { t } = useI18n();
  const compiled = useMemo((): { parts: { role?: string; template: CompiledTemplate }[] } | { error: string } => {
    try {
      if (version.messages) {
        return { parts: version.messages.map((m) => ({ role: m.role, template: compileTemplate(m.template) })) };
      }
      return { parts: [{ template: compileTemplate(version.template) }] };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, [version]);

  return useMemo((): LiveRender => {
    if ('error' in compiled) return { error: compiled.error, missing: [], issues: {} };
    const { values: withDefaults, issues } = validateVariables(fields, toVariables(values));
    if (issues.length > 0) {
      const invalid = issues.filter((i) => i.code !== ErrorCode.MISSING_VARIABLE);
      return {
        missing: issues.filter((i) => i.code === ErrorCode.MISSING_VARIABLE).map((i) => i.name),
        issues: Object.fromEntries(invalid.map((i) => [i.name, i.message])),
      };
    }
    let index = 0;
    try {
      const rendered = compiled.parts.map((part, i) => {
        index = i;
        return { role: part.role ?? 'user', content: part.template.render(withDefaults) };
      });
      return version.messages
        ? { messages: rendered, missing: [], issues: {} }
        : { text: rendered[0].content, missing: [], issues: {} };
    } catch (error) {
      const message = error instanceof TemplateError ? error.message : String(error);
      const line = (error as { line?: number }).line;
      const atLine = line ? t('preview.errorAtLine', { line, message }) : message;
      const located = version.messages ? t('chat.inMessage', { index: index + 1, error: atLine }) : atLine;
      // A missing attribute (`user.name`) belongs to the field of its root variable.
      const issues = error instanceof UndefinedVariableError ? { [error.variable.split(/[.[]/)[0]]: message } : {};
      return { error: located, missing: [], issues };
    }
  }, [compiled, fields, values, version.messages, t]);
}
