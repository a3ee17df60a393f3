import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { DatasetResponseDto } from '@promptops/api-client';
import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import { Button, Card, Empty, Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { Allowed } from '../../auth';
import { CreateDatasetModal } from '../components/CreateDatasetModal';
import { useDatasets } from '../hooks/use-datasets';

const URL_SCHEMA = { search: urlParam.string, page: urlParam.int, pageSize: urlParam.int };

export function DatasetListPage() {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const [creating, setCreating] = useState(false);
  const [filters, setFilters] = useUrlFilters(URL_SCHEMA);
  const search = filters.search ?? '';
  const page = filters.page ?? 1;
  const pageSize = filters.pageSize ?? DEFAULT_PAGE_SIZE;
  const [searchInput, setSearchInput] = useState(search);
  const debounced = useDebouncedValue(searchInput, 300);
  useEffect(() => {
    if (debounced.trim() !== search) setFilters({ search: debounced.trim(), page: undefined });
    // Only a settled search term touches the URL (and resets paging).
  }, [debounced]);
  const datasets = useDatasets({ search: search || undefined, page, pageSize });

  const columns: ColumnsType<DatasetResponseDto> = [
    {
      title: t('datasets.name'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string, dataset) => (
        <div className="prompt-title-cell">
          <Link to={`/datasets/${encodeURIComponent(name)}`} className="prompt-title-cell__title mono">
            {name}
          </Link>
          {dataset.description && (
            <Typography.Text type="secondary" className="small" ellipsis={{ tooltip: dataset.description }}>
              {dataset.description}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('datasets.latestVersion'),
      dataIndex: 'latestVersion',
      key: 'version',
      width: 100,
      render: (v: number) => `v${v}`,
    },
    { title: t('datasets.items'), dataIndex: 'itemCount', key: 'items', width: 110, align: 'right' },
    {
      title: t('datasets.updated'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 200,
      render: (d: string) => formatDate(d),
    },
  ];

  const empty = !datasets.isPending && datasets.data?.total === 0;
  return (
    <Card
      title={t('datasets.title')}
      extra={
        <Allowed permission="prompt:edit">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-dataset">
            {t('datasets.new')}
          </Button>
        </Allowed>
      }
    >
      <Space direction="vertical" className="full-width" size="middle">
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('datasets.search')}
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          style={{ maxWidth: 360 }}
        />
        {datasets.isError ? (
          <LoadError error={datasets.error} onRetry={datasets.refetch} retrying={datasets.isFetching} />
        ) : empty && !search ? (
          <Empty description={t('datasets.empty')} data-testid="datasets-empty">
            <Typography.Paragraph type="secondary" style={{ maxWidth: 520, margin: '0 auto 16px' }}>
              {t('datasets.emptyHint')}
            </Typography.Paragraph>
            <Allowed permission="prompt:edit">
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('datasets.new')}
              </Button>
            </Allowed>
          </Empty>
        ) : (
          <Table
            rowKey="id"
            columns={columns}
            dataSource={datasets.data?.items}
            loading={datasets.isPending}
            locale={{ emptyText: <Empty description={t('datasets.noMatch', { search })} /> }}
            pagination={{
              current: page,
              pageSize,
              total: datasets.data?.total,
              showSizeChanger: true,
              onChange: (p, size) =>
                setFilters({ page: p === 1 ? undefined : p, pageSize: size === DEFAULT_PAGE_SIZE ? undefined : size }),
            }}
          />
        )}
      </Space>
      <CreateDatasetModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
