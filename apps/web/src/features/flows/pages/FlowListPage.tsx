import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { PromptListItemDto } from '@promptops/api-client';
import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import { Button, Card, Empty, Input, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { Allowed } from '../../auth';
import { LatestVersion, ServedVersions } from '../../prompts';
import { DeprecationTag } from '../../retirement';
import { CreateFlowModal } from '../components/CreateFlowModal';
import { useFlows } from '../hooks/use-flows';

const URL_SCHEMA = { search: urlParam.string, page: urlParam.int, pageSize: urlParam.int };

export function FlowListPage() {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const [creating, setCreating] = useState(false);
  const [filters, setFilters] = useUrlFilters(URL_SCHEMA);
  const search = filters.search ?? '';
  const page = filters.page ?? 1;
  const pageSize = filters.pageSize ?? DEFAULT_PAGE_SIZE;
  const [searchInput, setSearchInput] = useState(search);
  const debouncedSearch = useDebouncedValue(searchInput, 300);
  useEffect(() => {
    if (debouncedSearch.trim() !== search) setFilters({ search: debouncedSearch.trim(), page: undefined });
    // Only a settled search term touches the URL (and resets paging).
  }, [debouncedSearch]);
  const flows = useFlows({ search: search || undefined, page, pageSize });

  const columns: ColumnsType<PromptListItemDto> = [
    {
      title: t('prompt.nameAndDisplayName'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, flow) => (
        <div className="prompt-title-cell">
          <Link to={`/flows/${encodeURIComponent(name)}`} className="prompt-title-cell__title">
            {flow.displayName}
          </Link>
          <span className="prompt-title-cell__line">
            <Typography.Text type="secondary" className="mono small" ellipsis={{ tooltip: flow.description }}>
              {name}
            </Typography.Text>
            <DeprecationTag deprecation={flow.deprecation} />
          </span>
        </div>
      ),
    },
    {
      title: t('prompts.serving'),
      dataIndex: 'deployments',
      width: 200,
      render: (deployments: PromptListItemDto['deployments']) => <ServedVersions deployments={deployments} />,
    },
    {
      title: t('prompt.latestVersion'),
      dataIndex: 'latestVersion',
      width: 150,
      render: (version: number | null, flow) => <LatestVersion version={version} status={flow.latestStatus} />,
    },
    {
      title: t('prompt.updated'),
      dataIndex: 'updatedAt',
      width: 160,
      render: (updatedAt: string) => <span className="muted">{formatDate(updatedAt, 'short')}</span>,
    },
  ];

  const nothingYet = flows.data?.total === 0 && !search;
  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('flows.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('flows.subtitle')}</Typography.Text>
        </div>
        <Allowed permission="prompt:edit">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-flow">
            {t('flows.create')}
          </Button>
        </Allowed>
      </div>
      <Card>
        <div className="toolbar">
          <Input
            allowClear
            prefix={<SearchOutlined className="muted" />}
            placeholder={t('flows.searchPlaceholder')}
            aria-label={t('flows.searchPlaceholder')}
            value={searchInput}
            onChange={(e) => setSearchInput(e.target.value)}
            className="toolbar__search"
          />
        </div>
        {flows.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : flows.isError ? (
          <LoadError error={flows.error} onRetry={flows.refetch} retrying={flows.isFetching} />
        ) : nothingYet ? (
          <Empty className="empty-invite" description={t('flows.emptyInvite')}>
            <Allowed permission="prompt:edit">
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('flows.create')}
              </Button>
            </Allowed>
          </Empty>
        ) : (
          <Table<PromptListItemDto>
            rowKey="id"
            columns={columns}
            dataSource={flows.data.items}
            loading={flows.isFetching && flows.isPlaceholderData}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prompts.noMatch')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: flows.data.total,
              showSizeChanger: true,
              onChange: (nextPage, nextPageSize) =>
                setFilters({
                  page: nextPageSize !== pageSize ? undefined : nextPage,
                  pageSize: nextPageSize === DEFAULT_PAGE_SIZE ? undefined : nextPageSize,
                }),
            }}
          />
        )}
      </Card>
      <CreateFlowModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
