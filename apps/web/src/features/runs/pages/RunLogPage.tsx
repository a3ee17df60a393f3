import type { RunSummaryDto } from '@promptops/api-client';
import { Card, Empty, Select, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router-dom';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { usePrompts } from '../../prompts/hooks/use-prompts';
import { RunDrawer } from '../components/RunDrawer';
import { useRunColumns } from '../components/run-columns';
import { useRuns } from '../hooks/use-runs';
import { LoadError } from '../../../components/LoadError';

const PAGE_SIZES = [20, 50, 100];
const SOURCES: RunSummaryDto['source'][] = ['playground', 'api', 'webhook'];
const STATUSES: RunSummaryDto['status'][] = ['success', 'error', 'aborted', 'running'];

/** Every logged model call, newest first; the filters, page and open run live in the URL. */
export function RunLogPage() {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const [searchParams, setSearchParams] = useSearchParams();
  const prompt = searchParams.get('prompt') ?? undefined;
  const source = (searchParams.get('source') ?? undefined) as RunSummaryDto['source'] | undefined;
  const status = (searchParams.get('status') ?? undefined) as RunSummaryDto['status'] | undefined;
  const page = Number(searchParams.get('page')) || 1;
  const pageSize = Number(searchParams.get('pageSize')) || PAGE_SIZES[0];
  const openRun = Number(searchParams.get('run')) || undefined;
  const runs = useRuns({ prompt, source, status, page, pageSize });
  const prompts = usePrompts({ page: 1, pageSize: 100 });
  const runColumns = useRunColumns();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    setSearchParams(next);
  };

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
      width: 200,
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
            <Tag bordered={false}>{t(`runSource.${run.source}`)}</Tag>
            {run.rerunOf !== null && (
              <Typography.Text type="secondary" className="small">
                {t('run.rerunOfShort', { id: run.rerunOf })}
              </Typography.Text>
            )}
          </span>
        </div>
      ),
    },
    runColumns.model,
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
      </div>
      <Card>
        <div className="toolbar">
          <Select
            allowClear
            showSearch
            className="toolbar__search run-log__filter"
            aria-label={t('runs.filterPrompt')}
            placeholder={t('runs.allPrompts')}
            value={prompt}
            loading={prompts.isPending}
            onChange={(name?: string) => update({ prompt: name, page: undefined })}
            options={(prompts.data?.items ?? []).map((p) => ({ value: p.name, label: p.name }))}
          />
          <Select
            allowClear
            className="run-log__filter"
            aria-label={t('runs.filterSource')}
            placeholder={t('runs.allSources')}
            value={source}
            onChange={(next?: string) => update({ source: next, page: undefined })}
            options={SOURCES.map((value) => ({ value, label: t(`runSource.${value}`) }))}
          />
          <Select
            allowClear
            className="run-log__filter"
            aria-label={t('runs.filterStatus')}
            placeholder={t('runs.allStatuses')}
            value={status}
            onChange={(next?: string) => update({ status: next, page: undefined })}
            options={STATUSES.map((value) => ({ value, label: t(`runStatus.${value}`) }))}
          />
          {runs.data && (
            <Typography.Text type="secondary">{t('runs.total', { total: runs.data.total })}</Typography.Text>
          )}
        </div>
        {runs.isError ? (
          <LoadError error={runs.error} onRetry={runs.refetch} retrying={runs.isFetching} />
        ) : (
          <Table<RunSummaryDto>
            rowKey="id"
            columns={columns}
            dataSource={runs.data?.items}
            loading={runs.isPending}
            scroll={{ x: 1150 }}
            data-testid="run-log"
            onRow={(run) => ({ onClick: () => update({ run: String(run.id) }), className: 'clickable-row' })}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('runs.empty')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: runs.data?.total,
              pageSizeOptions: PAGE_SIZES,
              showSizeChanger: true,
              onChange: (nextPage, nextSize) =>
                update({
                  page: nextPage === 1 ? undefined : String(nextPage),
                  pageSize: nextSize === PAGE_SIZES[0] ? undefined : String(nextSize),
                }),
            }}
          />
        )}
      </Card>
      <RunDrawer runId={openRun} onClose={() => update({ run: undefined })} />
    </div>
  );
}
