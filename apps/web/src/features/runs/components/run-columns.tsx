import type { RunSummaryDto } from '@promptops/api-client';
import type { ColumnType } from 'antd/es/table';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost, formatMs } from '../format';
import { RunStatusTag } from './RunStatusTag';

type RunColumn = ColumnType<RunSummaryDto>;

/** The columns the run log and the Playground's run history show alike. */
export function useRunColumns(): Record<'model' | 'status' | 'tokens' | 'latency' | 'cost' | 'output', RunColumn> {
  const { t } = useI18n();
  return {
    model: {
      title: t('run.model'),
      key: 'model',
      width: 180,
      render: (_v, run) => (
        <span className="mono small">
          {run.provider}/{run.model}
        </span>
      ),
    },
    status: {
      title: t('run.status'),
      dataIndex: 'status',
      width: 110,
      render: (status: RunSummaryDto['status']) => <RunStatusTag status={status} />,
    },
    tokens: {
      title: t('run.tokensShort'),
      key: 'tokens',
      width: 100,
      align: 'right',
      render: (_v, run) =>
        run.usage ? `${run.usage.promptTokens} / ${run.usage.completionTokens}${run.usage.estimated ? ' ≈' : ''}` : '—',
    },
    latency: { title: t('run.latency'), dataIndex: 'latencyMs', width: 100, align: 'right', render: formatMs },
    cost: { title: t('run.cost'), dataIndex: 'costUsd', width: 110, align: 'right', render: formatCost },
    output: {
      title: t('run.output'),
      dataIndex: 'outputPreview',
      ellipsis: true,
      render: (preview: string | null, run) => <span className="muted">{run.error?.message ?? preview ?? '—'}</span>,
    },
  };
}
