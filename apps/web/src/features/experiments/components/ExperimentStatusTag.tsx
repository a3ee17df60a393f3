import { Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import type { ExperimentStatus } from '../experiment-status';

const COLORS: Record<ExperimentStatus, string> = {
  queued: 'default',
  running: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'default',
  budget_exceeded: 'warning',
};

export function ExperimentStatusTag({ status }: { status: ExperimentStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="experiment-status" data-status={status}>
      {t(`experimentStatus.${status}`)}
    </Tag>
  );
}
