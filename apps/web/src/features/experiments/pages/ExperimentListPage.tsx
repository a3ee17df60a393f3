import { PlusOutlined } from '@ant-design/icons';
import type { ExperimentResponseDto } from '@promptops/api-client';
import { Button, Card, Empty, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { Allowed } from '../../auth';
import { formatCost } from '../../runs';
import { DatasetSelect } from '../components/DatasetPicker';
import { ExperimentProgress } from '../components/ExperimentProgress';
import { ExperimentStatusTag } from '../components/ExperimentStatusTag';
import { PromptSelect } from '../../prompts';
import { useExperiments } from '../hooks/use-experiments';

const PAGE_SIZE = 20;

const URL_SCHEMA = {
  dataset: urlParam.string,
  prompt: urlParam.string,
  page: urlParam.int,
};

/** Experiments newest first, filtered by dataset and prompt (in the URL). */
export function ExperimentListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const formatDate = useFormatDate();
  const [{ dataset, prompt, page = 1 }, setParams] = useUrlFilters(URL_SCHEMA);
  const experiments = useExperiments({ dataset, prompt, page, pageSize: PAGE_SIZE });
  const filtered = dataset !== undefined || prompt !== undefined;
  const nothingYet = !filtered && experiments.data?.total === 0;

  const newButton = (
    <Allowed permission="prompt:edit">
      <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/experiments/new')}>
        {t('experiments.new')}
      </Button>
    </Allowed>
  );

  const columns: ColumnsType<ExperimentResponseDto> = [
    {
      title: t('experiments.name'),
      dataIndex: 'name',
      width: 260,
      render: (name: string, e) => (
        <div className="prompt-title-cell">
          <Link to={`/experiments/${e.id}`} onClick={(event) => event.stopPropagation()}>
            {name}
          </Link>
          <Typography.Text type="secondary">#{e.id}</Typography.Text>
        </div>
      ),
    },
    {
      title: t('experiments.dataset'),
      dataIndex: 'dataset',
      width: 180,
      render: (name: string, e) => (
        <span className="mono">
          {name}
          <span className="muted">@{e.datasetVersion}</span>
        </span>
      ),
    },
    {
      title: t('experiments.variants'),
      dataIndex: 'variants',
      width: 220,
      render: (variants: ExperimentResponseDto['variants']) => (
        <span className="variant-tags">
          {variants.map((v) => (
            <Tag
              key={v.index}
              bordered={false}
              color={v.index === 0 ? 'blue' : undefined}
              title={`${v.prompt} v${v.version} · ${v.model}`}
            >
              {v.label}
            </Tag>
          ))}
        </span>
      ),
    },
    {
      title: t('experiments.status'),
      dataIndex: 'status',
      width: 130,
      render: (status: ExperimentResponseDto['status']) => <ExperimentStatusTag status={status} />,
    },
    {
      title: t('experiments.progress'),
      width: 200,
      render: (_, e) => <ExperimentProgress experiment={e} compact />,
    },
    {
      title: t('experiments.cost'),
      width: 100,
      align: 'right',
      render: (_, e) => <span className="mono">{formatCost(e.progress.costUsd)}</span>,
    },
    {
      title: t('experiments.createdBy'),
      dataIndex: 'createdAt',
      width: 190,
      render: (createdAt: string, e) => (
        <div className="prompt-title-cell">
          <span>{formatDate(createdAt, 'short')}</span>
          {e.createdBy && <Typography.Text type="secondary">{e.createdBy}</Typography.Text>}
        </div>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('experiments.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('experiments.subtitle')}</Typography.Text>
        </div>
        {!nothingYet && newButton}
      </div>
      <Card>
        {experiments.isError ? (
          <LoadError error={experiments.error} onRetry={experiments.refetch} retrying={experiments.isFetching} />
        ) : nothingYet ? (
          <Empty className="empty-invite" data-testid="experiments-empty" description={<ExperimentsExplained />}>
            {newButton}
          </Empty>
        ) : (
          <>
            <div className="toolbar">
              <div className="experiment-filters">
                <DatasetSelect
                  className="toolbar__select"
                  allowClear
                  value={dataset}
                  placeholder={t('experiments.filterDataset')}
                  onChange={(name) => setParams({ dataset: name, page: undefined })}
                />
                <PromptSelect
                  className="toolbar__select"
                  allowClear
                  value={prompt}
                  placeholder={t('experiments.filterPrompt')}
                  ariaLabel={t('experiments.filterPrompt')}
                  onChange={(name) => setParams({ prompt: name, page: undefined })}
                />
              </div>
            </div>
            <Table<ExperimentResponseDto>
              rowKey="id"
              columns={columns}
              dataSource={experiments.data?.items}
              loading={experiments.isPending}
              scroll={{ x: 1100 }}
              data-testid="experiment-list"
              onRow={(e) => ({ onClick: () => navigate(`/experiments/${e.id}`), className: 'clickable-row' })}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('experiments.noneMatch')} />,
              }}
              pagination={{
                current: page,
                pageSize: PAGE_SIZE,
                total: experiments.data?.total,
                showSizeChanger: false,
                hideOnSinglePage: true,
                onChange: (next) => setParams({ page: next === 1 ? undefined : next }),
              }}
            />
          </>
        )}
      </Card>
    </div>
  );
}

/** The empty state's explanation of what an experiment is for. */
function ExperimentsExplained() {
  const { t } = useI18n();
  return (
    <div className="experiments-explained">
      <Typography.Title level={5}>{t('experiments.emptyTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('experiments.emptyText')}</Typography.Paragraph>
      <ol className="experiments-explained__steps">
        <li>{t('experiments.emptyStep1')}</li>
        <li>{t('experiments.emptyStep2')}</li>
        <li>{t('experiments.emptyStep3')}</li>
      </ol>
    </div>
  );
}
