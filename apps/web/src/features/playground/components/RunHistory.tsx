import { EyeOutlined, RedoOutlined } from '@ant-design/icons';
import type { RunSummaryDto } from '@promptops/api-client';
import { Button, Empty, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed } from '../../auth';
import { runRows } from '../../runs';
import { useRunColumns } from '../../runs/components/run-columns';
import { usePlaygroundRuns } from '../hooks/use-playground-runs';
import { LoadError } from '../../../components/LoadError';

const PAGE_SIZE = 10;

interface RunHistoryProps {
  prompt: string;
  onOpen(id: number): void;
  onRerun(run: RunSummaryDto): void;
  busy: boolean;
}

/** The prompt's Playground runs, newest first. */
export function RunHistory({ prompt, onOpen, onRerun, busy }: RunHistoryProps) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const [page, setPage] = useState(1);
  const runs = usePlaygroundRuns({ prompt, page, pageSize: PAGE_SIZE });
  const runColumns = useRunColumns();

  const columns: ColumnsType<RunSummaryDto> = [
    {
      title: t('run.when'),
      dataIndex: 'createdAt',
      width: 130,
      render: (createdAt: string, run) => (
        <div className="prompt-title-cell">
          <span>{formatDate(createdAt, 'short')}</span>
          <Typography.Text type="secondary" className="small">
            #{run.id}
            {run.version !== null && ` · v${run.version}`}
            {run.rerunOf !== null && ` · ${t('run.rerunOfShort', { id: run.rerunOf })}`}
          </Typography.Text>
        </div>
      ),
    },
    runColumns.model,
    runColumns.status,
    runColumns.output,
    runColumns.tokens,
    runColumns.latency,
    runColumns.cost,
    {
      title: t('common.actions'),
      key: 'actions',
      // Stays in view when the table scrolls sideways on a narrow screen.
      fixed: 'right',
      width: 100,
      align: 'right',
      render: (_v, run) => (
        <Space size={0}>
          <Tooltip title={t('run.open')}>
            <Button
              type="text"
              size="small"
              icon={<EyeOutlined />}
              aria-label={t('run.open')}
              onClick={() => onOpen(run.id)}
            />
          </Tooltip>
          <Allowed permission="prompt:edit" hint={t('run.rerun')}>
            <Button
              type="text"
              size="small"
              icon={<RedoOutlined />}
              aria-label={t('run.rerun')}
              disabled={busy}
              onClick={() => onRerun(run)}
            />
          </Allowed>
        </Space>
      ),
    },
  ];

  if (runs.isError) return <LoadError compact error={runs.error} onRetry={runs.refetch} retrying={runs.isFetching} />;
  return (
    <Table<RunSummaryDto>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={runRows(runs.data, page)}
      loading={runs.isPending}
      scroll={{ x: 900 }}
      data-testid="run-history"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('playground.noRuns')} /> }}
      pagination={
        (runs.data?.total ?? 0) > PAGE_SIZE && {
          current: page,
          pageSize: PAGE_SIZE,
          total: runs.data?.total,
          onChange: setPage,
          showSizeChanger: false,
        }
      }
    />
  );
}
