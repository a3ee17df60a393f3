import type { FieldErrorDto } from '@promptops/api-client';
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { en, type MessageKey } from '../i18n/messages/en';
import { useI18n } from '../i18n/use-i18n';
import { applyFieldErrors } from './problem';

function known(key: string): MessageKey | undefined {
  return key in en ? (key as MessageKey) : undefined;
}

/**
 * A field error in the user's language. In English the server's message is the most precise; in
 * other languages its `code` (the failed check) is translated, most specific first: the check on
 * this field (`fieldError.folder.matches`), the check anywhere (`fieldError.maxLength`), an error
 * code (`problem.MISSING_VARIABLE`). The limit a check names ("at most 100 characters") is the
 * last number of the English message. With no translation the English message stays.
 */
export function useFieldErrorText(): (error: FieldErrorDto) => string {
  const { t, language } = useI18n();
  return useCallback(
    ({ field, message, code }: FieldErrorDto) => {
      if (language === 'en' || !code) return message;
      const path = field
        .split('.')
        .filter((part) => !/^\d+$/.test(part))
        .join('.');
      const key = known(`fieldError.${path}.${code}`) ?? known(`fieldError.${code}`) ?? known(`problem.${code}`);
      if (!key) return message;
      const limit = message.match(/-?\d+(\.\d+)?/g)?.at(-1);
      if (en[key].includes('{limit}') && limit === undefined) return message;
      return t(key, { limit: limit ?? '' });
    },
    [t, language],
  );
}

/** Puts a problem's field errors, translated, on the form fields they name; returns how many it placed. */
export function useApplyFieldErrors(): (form: FormInstance, error: unknown) => number {
  const text = useFieldErrorText();
  return useCallback((form, error) => applyFieldErrors(form, error, text), [text]);
}
