import { App } from 'antd';
import { useCallback } from 'react';
import { useI18n } from '../i18n/use-i18n';

/** Copies text to the clipboard and says whether it worked. */
export function useCopy(): (text: string) => Promise<void> {
  const { message } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    async (text: string) => {
      try {
        await navigator.clipboard.writeText(text);
        message.success(t('preview.copied'));
      } catch {
        message.error(t('preview.copyFailed'));
      }
    },
    [message, t],
  );
}
