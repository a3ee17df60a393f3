import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../i18n/use-i18n';
import { useApplyFieldErrors } from './use-field-errors';
import { useProblemText } from './use-problem-text';

/** Shows an API problem (translated by its `code`) in a notification and its field `errors` on the form, if any. */
export function useProblemHandler(): (error: unknown, form?: FormInstance) => void {
  const { notification } = App.useApp();
  const { t } = useI18n();
  const problemText = useProblemText();
  const applyFieldErrors = useApplyFieldErrors();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (form) applyFieldErrors(form, error);
      notification.error({ message: t('common.requestFailed'), description: problemText(error) });
    },
    [notification, t, problemText, applyFieldErrors],
  );
}
