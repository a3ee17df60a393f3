import { DownloadOutlined } from '@ant-design/icons';
import type { RunSummaryDto } from '@promptops/api-client';
import { Button, Card, Empty, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { DAY, RUN_SOURCES, RUN_STATUSES, RunFilterBar, type RunFilters } from '../components/RunFilterBar';
import { FlowStepsTable } from '../components/FlowStepsTable';
import { RunDrawer } from '../components/RunDrawer';
import { RunServedFrom } from '../components/RunServedFrom';
import { RunTotals } from '../components/RunTotals';
import { useRunColumns } from '../components/run-columns';
import { useExportRuns } from '../hooks/use-export-runs';
import { useRuns } from '../hooks/use-runs';
import { runRows } from '../run-rows';

const PAGE_SIZES = [20, 50, 100];

const URL_SCHEMA = {
  prompt: urlParam.string,
  source: urlParam.oneOf(RUN_SOURCES),
  status: urlParam.oneOf(RUN_STATUSES),
  from: urlParam.string,
  to: urlParam.string,
  model: urlParam.string,
  environment: urlParam.string,
  apiKeyId: urlParam.int,
  search: urlParam.string,
  page: urlParam.int,
  pageSize: urlParam.int,
  run: urlParam.int,
  /** Every model call as a row, the steps of flows too (by default they show under their flow run). */
  allCalls: urlParam.boolean,
};

/** The filters as the API takes them: whole days in the viewer's time zone become instants. */
function toQuery({ from, to, ...filters }: RunFilters) {
  const start = from ? dayjs(from, DAY) : undefined;
  const end = to ? dayjs(to, DAY) : undefined;
  return {
    ...filters,
    from: start?.isValid() ? start.startOf('day').toISOString() : undefined,
    to: end?.isValid() ? end.endOf('day').toISOString() : undefined,
  };
}

/**
 * Every logged run, newest first: model calls, and flow runs whose rows unfold into their steps.
 * The filters, page and open run live in the URL.
 */
export function RunLogPage() {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const [params, setParams] = useUrlFilters(URL_SCHEMA);
  const { page = 1, pageSize = PAGE_SIZES[0], run: openRun, allCalls, ...filters } = params;
  const query = { ...toQuery(filters), topLevel: !allCalls };
  const runs = useRuns({ ...query, page, pageSize });
  const openRunDrawer = (id: number) => setParams({ run: id });
  const exportRuns = useExportRuns();
  const runColumns = useRunColumns();

  // Any new filter starts again from the first page.
  const filter = (changes: RunFilters) => setParams({ ...changes, page: undefined });

  const columns: ColumnsType<RunSummaryDto> = [
    {
      title: t('run.when'),
      dataIndex: 'createdAt',
      width: 140,
      render: (createdAt: string, run) => (
        <div className="prompt-title-cell">
          <span>{formatDate(createdAt, 'short')}</span>
          <Typography.Text type="secondary" className="small">
            #{run.id}
            {run.user && ` · ${run.user}`}
          </Typography.Text>
        </div>
      ),
    },
    {
      // The prompt, and below it where the call came from: the answer column keeps its room.
      title: t('run.prompt'),
      dataIndex: 'prompt',
      width: 220,
      render: (name: string | null, run) => (
        <div className="prompt-title-cell">
          {name ? (
            <span className="mono">
              {name}
              {run.version !== null && <span className="muted"> v{run.version}</span>}
            </span>
          ) : (
            '—'
          )}
          <span>
            {run.kind === 'flow' && <Tag color="purple">{t('run.kindFlow')}</Tag>}
            {run.stepId !== null && (
              <Typography.Text type="secondary" className="small">
                {t('run.stepOf', { step: run.stepId, parent: run.parentRunId ?? '—' })}{' '}
              </Typography.Text>
            )}
            <Tag bordered={false}>{t(`runSource.${run.source}`)}</Tag>
            <RunServedFrom run={run} />
            {run.rerunOf !== null && (
              <Typography.Text type="secondary" className="small">
                {t('run.rerunOfShort', { id: run.rerunOf })}
              </Typography.Text>
            )}
          </span>
        </div>
      ),
    },
    {
      ...runColumns.model,
      render: (value, run, index) =>
        run.kind === 'flow'
          ? t('run.stepCount', { count: run.stepCount ?? 0 })
          : runColumns.model.render?.(value, run, index),
    },
    runColumns.status,
    runColumns.tokens,
    runColumns.latency,
    runColumns.cost,
    runColumns.output,
  ];

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('runs.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('runs.subtitle')}</Typography.Text>
        </div>
        <Button
          icon={<DownloadOutlined />}
          loading={exportRuns.isPending}
          disabled={runs.data?.total === 0}
          onClick={() => exportRuns.mutate(query, { onError: (error) => onError(error) })}
        >
          {t('runs.export')}
        </Button>
      </div>
      <Card>
        <Space className="run-log__toolbar" wrap>
          <RunFilterBar filters={filters} onChange={filter} />
          <Tooltip title={t('runs.allCallsHelp')}>
            <Space size="small">
              <Switch
                size="small"
                checked={!!allCalls}
                data-testid="run-log-all-calls"
                onChange={(checked) => setParams({ allCalls: checked, page: undefined })}
              />
              <Typography.Text>{t('runs.allCalls')}</Typography.Text>
            </Space>
          </Tooltip>
        </Space>
        {runs.data && <RunTotals totals={runs.data.totals} />}
        {runs.isError ? (
          <LoadError error={runs.error} onRetry={runs.refetch} retrying={runs.isFetching} />
        ) : (
          <Table<RunSummaryDto>
            rowKey="id"
            columns={columns}
            dataSource={runRows(runs.data, page)}
            loading={runs.isPending}
            scroll={{ x: 1170 }}
            data-testid="run-log"
            onRow={(run) => ({ onClick: () => openRunDrawer(run.id), className: 'clickable-row' })}
            expandable={{
              rowExpandable: (run) => run.kind === 'flow',
              expandedRowRender: (run) => <FlowStepsTable flowRunId={run.id} onOpenRun={openRunDrawer} />,
            }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: runs.data?.total,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              onChange: (nextPage, nextSize) =>
                setParams({
                  page: nextPage === 1 ? undefined : nextPage,
                  pageSize: nextSize === PAGE_SIZES[0] ? undefined : nextSize,
                }),
            }}
          />
        )}
      </Card>
      <RunDrawer runId={openRun} onClose={() => setParams({ run: undefined })} onOpenRun={openRunDrawer} />
    </div>
  );
}
