import type { LintWarning } from '@promptops/templating';
import { useCallback } from 'react';
import type { MessageKey } from '../../../i18n/messages/en';
import { useI18n } from '../../../i18n/use-i18n';

/** A lint warning in the UI language: by its code, with the variable or example it names; the English message otherwise. */
export function useLintMessage() {
  const { t } = useI18n();
  return useCallback(
    (w: LintWarning) => {
      const name = /\{\{ (\w+) \}\}|^(\w+) is/.exec(w.message);
      const variable = name?.[1] ?? name?.[2] ?? '';
      const example = /^Example (\d+) has no value for (.+)$/.exec(w.message);
      const where = w.line ? t('lint.at', { line: w.line, column: w.column ?? 1 }) : '';
      switch (w.code) {
        case 'undeclared_variable':
          return t('lint.undeclared_variable', { name: variable }) + where;
        case 'unused_variable':
          return t('lint.unused_variable', { name: variable });
        case 'required_with_default':
          return t('lint.required_with_default', { name: variable });
        case 'example_missing_field':
          return t('lint.example_missing_field', { index: example?.[1] ?? '', names: example?.[2] ?? '' });
        case 'invalid_json_schema':
          return t('lint.invalid_json_schema', { detail: w.message.replace(/^Invalid JSON Schema: /, '') });
        default:
          return t(`lint.${w.code}` as MessageKey, { detail: w.message }) + where;
      }
    },
    [t],
  );
}
