import { useCallback } from 'react';
import { en, type MessageKey } from '../i18n/messages/en';
import { useI18n } from '../i18n/use-i18n';
import { isProblem, problemDetail } from './problem';

function codeKey(error: unknown): MessageKey | undefined {
  if (!isProblem(error) || !error.code) return undefined;
  const key = `problem.${error.code}`;
  return key in en ? (key as MessageKey) : undefined;
}

/**
 * What to tell the user about a failed request: the server's `detail` in English (it names the
 * prompt, the variable…), the translation of its stable `code` in other languages, and the other
 * as fallback.
 */
export function useProblemText(): (error: unknown) => string {
  const { t, language } = useI18n();
  return useCallback(
    (error: unknown) => {
      const key = codeKey(error);
      const detail = problemDetail(error);
      if (language === 'en') return detail ?? (key ? t(key) : t('common.unexpectedError'));
      return key ? t(key) : (detail ?? t('common.unexpectedError'));
    },
    [t, language],
  );
}
