import { CheckCircleOutlined, CloseCircleOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import type { RunStatus } from '@promptops/api-client';
import { Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';

const LOOK: Record<RunStatus, { color: string; icon: React.ReactNode }> = {
  success: { color: 'success', icon: <CheckCircleOutlined /> },
  error: { color: 'error', icon: <CloseCircleOutlined /> },
  aborted: { color: 'warning', icon: <StopOutlined /> },
  running: { color: 'processing', icon: <SyncOutlined spin /> },
};

export function RunStatusTag({ status }: { status: RunStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={LOOK[status].color} icon={LOOK[status].icon} bordered={false}>
      {t(`runStatus.${status}`)}
    </Tag>
  );
}
