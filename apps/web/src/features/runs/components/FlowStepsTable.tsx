import type { RunSummaryDto } from '@promptops/api-client';
import { Empty, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { LoadError } from '../../../components/LoadError';
import { useI18n } from '../../../i18n/use-i18n';
import { useRuns } from '../hooks/use-runs';
import { useRunColumns } from './run-columns';

/** Enough for any flow: a definition holds at most 50 steps, and retries add a few runs. */
const MAX_STEP_RUNS = 100;

/** The step runs of one flow run, in the order they started; a click opens a step's run. */
export function FlowStepsTable({ flowRunId, onOpenRun }: { flowRunId: number; onOpenRun(id: number): void }) {
  const { t } = useI18n();
  const steps = useRuns({ parentRunId: flowRunId, page: 1, pageSize: MAX_STEP_RUNS });
  const runColumns = useRunColumns();
  const columns: ColumnsType<RunSummaryDto> = [
    {
      title: t('run.step'),
      dataIndex: 'stepId',
      width: 140,
      render: (id: string | null) => <span className="mono">{id ?? '—'}</span>,
    },
    {
      title: t('run.prompt'),
      dataIndex: 'prompt',
      width: 200,
      render: (name: string | null, run) => (
        <span className="mono">
          {name ?? '—'}
          {run.version !== null && <span className="muted">@{run.version}</span>}
        </span>
      ),
    },
    runColumns.model,
    runColumns.status,
    runColumns.latency,
    runColumns.cost,
  ];
  if (steps.isError)
    return <LoadError compact error={steps.error} onRetry={steps.refetch} retrying={steps.isFetching} />;
  const rows = steps.data ? [...steps.data.items, ...steps.data.inFlight] : undefined;
  return (
    <Table<RunSummaryDto>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={steps.isPending}
      pagination={false}
      data-testid={`flow-steps-${flowRunId}`}
      onRow={(run) => ({ onClick: () => onOpenRun(run.id), className: 'clickable-row' })}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('run.noSteps')} /> }}
    />
  );
}
