import { App } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../i18n/use-i18n';

/**
 * Closes a dialog at once when nothing was typed, else asks first: Esc or a click outside must not
 * throw away a half-filled form.
 */
export function useConfirmDiscard(): (dirty: boolean, close: () => void) => void {
  const { modal } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (dirty, close) => {
      if (!dirty) return close();
      modal.confirm({
        title: t('form.discardTitle'),
        content: t('form.discardText'),
        okText: t('form.discard'),
        okButtonProps: { danger: true },
        cancelText: t('form.keepEditing'),
        onOk: close,
      });
    },
    [modal, t],
  );
}
