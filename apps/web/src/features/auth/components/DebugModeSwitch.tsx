import { BugOutlined } from '@ant-design/icons';
import { App, Space, Switch, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCan } from '../hooks/use-can';
import { useDebugMode } from '../hooks/use-debug-mode';
import { useSetDebugMode } from '../hooks/use-set-debug-mode';

export const DEBUG_HOURS = 8;

/** The header switch; shown only to users who may use debug mode. */
export function DebugModeSwitch() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const onError = useProblemHandler();
  const canDebug = useCan('prompt:debug');
  const { until } = useDebugMode();
  const setDebugMode = useSetDebugMode();

  if (!canDebug) return null;

  const turnOn = () =>
    modal.confirm({
      title: t('debug.confirmTitle'),
      icon: <BugOutlined />,
      content: (
        <Space direction="vertical">
          <Typography.Paragraph>{t('debug.confirmText', { hours: DEBUG_HOURS })}</Typography.Paragraph>
          <Typography.Text type="secondary">{t('debug.confirmOthers')}</Typography.Text>
        </Space>
      ),
      okText: t('debug.turnOn'),
      cancelText: t('common.cancel'),
      onOk: () => setDebugMode.mutateAsync({ body: { enabled: true, hours: DEBUG_HOURS } }).catch(onError),
    });

  const turnOff = () => setDebugMode.mutateAsync({ body: { enabled: false } }).catch(onError);

  return (
    <Tooltip title={t('debug.help')}>
      <Space size={6}>
        <Switch
          size="small"
          checked={until !== null}
          loading={setDebugMode.isPending}
          onChange={(on) => (on ? turnOn() : void turnOff())}
          aria-label={t('debug.label')}
          data-testid="debug-mode-switch"
        />
        <Typography.Text>{t('debug.label')}</Typography.Text>
      </Space>
    </Tooltip>
  );
}
