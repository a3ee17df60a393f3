import type { RolloutResponseDto } from '@promptops/api-client';
import { Skeleton, Table, Tag, Typography } from 'antd';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useRolloutHistory } from '../hooks/use-rollout-history';
import { ROLLOUT_STATUS_COLORS } from './rollout-format';

/** Every rollout of a deployment, newest first. */
export function RolloutHistory({ prompt, environment }: { prompt: string; environment: string }) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const history = useRolloutHistory(prompt, environment);
  if (history.isPending) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  if (history.isError)
    return <LoadError compact error={history.error} onRetry={history.refetch} retrying={history.isFetching} />;
  if (history.data.length === 0) {
    return (
      <Typography.Text type="secondary" className="small">
        {t('rollout.noHistory')}
      </Typography.Text>
    );
  }
  return (
    <Table<RolloutResponseDto>
      size="small"
      rowKey="id"
      pagination={false}
      data-testid="rollout-history"
      dataSource={history.data}
      columns={[
        {
          title: t('rollout.versions'),
          key: 'versions',
          render: (_, r) => (
            <span className="version-number">
              v{r.baselineVersion} → {r.candidates.map((c) => `v${c.version} (${c.weight} %)`).join(', ')}
            </span>
          ),
        },
        {
          title: t('rollout.statusColumn'),
          dataIndex: 'status',
          render: (status: RolloutResponseDto['status'], r) => (
            <Tag color={ROLLOUT_STATUS_COLORS[status]} title={r.reason ?? undefined}>
              {t(`rollout.status.${status}`)}
            </Tag>
          ),
        },
        {
          title: t('rollout.when'),
          key: 'when',
          render: (_, r) => (
            <Typography.Text type="secondary" className="small">
              {formatDate(r.startedAt, 'short')}
              {r.endedAt ? ` – ${formatDate(r.endedAt, 'short')}` : ''}
            </Typography.Text>
          ),
        },
        { title: t('rollout.by'), dataIndex: 'startedBy', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}
