import { Alert, App, Button } from 'antd';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useDebugMode } from '../hooks/use-debug-mode';
import { useSetDebugMode } from '../hooks/use-set-debug-mode';

/** Across the top while debug mode is on, so nobody forgets that their calls get drafts. */
export function DebugModeBanner() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const { until } = useDebugMode();
  const setDebugMode = useSetDebugMode();

  if (!until) return null;

  const turnOff = () =>
    setDebugMode
      .mutateAsync({ body: { enabled: false } })
      .then(() => message.success(t('debug.turnedOff')))
      .catch(onError);

  return (
    <Alert
      banner
      type="warning"
      data-testid="debug-mode-banner"
      message={t('debug.banner', { until: formatDate(until.toISOString(), 'short') })}
      action={
        <Button size="small" danger onClick={turnOff} loading={setDebugMode.isPending}>
          {t('debug.turnOff')}
        </Button>
      }
    />
  );
}
