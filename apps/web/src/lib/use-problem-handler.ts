import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../i18n/use-i18n';
import { applyFieldErrors, problemDetail } from './problem';

/** Shows an API problem's `detail` in a notification and its field `errors` on the form, if any. */
export function useProblemHandler(): (error: unknown, form?: FormInstance) => void {
  const { notification } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (form) applyFieldErrors(form, error);
      notification.error({
        message: t('common.requestFailed'),
        description: problemDetail(error) ?? t('common.unexpectedError'),
      });
    },
    [notification, t],
  );
}
