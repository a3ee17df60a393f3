import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { DatasetFileFormat, DatasetItemDto, DatasetVersionDto } from '@promptops/api-client';
import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Empty,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { urlParam, useUrlFilters } from '../../../lib/use-url-filters';
import { Allowed } from '../../auth';
import { ImportDatasetModal } from '../components/ImportDatasetModal';
import { ItemEditorModal } from '../components/ItemEditorModal';
import { useChangeDatasetItems } from '../hooks/use-change-dataset-items';
import { useDataset } from '../hooks/use-dataset';
import { useDatasetItems } from '../hooks/use-dataset-items';
import { useDatasetVersions } from '../hooks/use-dataset-versions';
import { useDeleteDataset } from '../hooks/use-delete-dataset';
import { useExportDataset } from '../hooks/use-export-dataset';
import { cellText } from '../json-field';

const URL_SCHEMA = {
  tab: urlParam.oneOf(['items', 'versions'] as const),
  version: urlParam.int,
  page: urlParam.int,
  pageSize: urlParam.int,
};

const FORMATS: DatasetFileFormat[] = ['csv', 'jsonl', 'json'];

export default function DatasetPage() {
  const { name = '' } = useParams();
  const { t } = useI18n();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const formatDate = useFormatDate();
  const onError = useProblemHandler();
  const [filters, setFilters] = useUrlFilters(URL_SCHEMA);
  const page = filters.page ?? 1;
  const pageSize = filters.pageSize ?? DEFAULT_PAGE_SIZE;
  const dataset = useDataset(name);
  const versions = useDatasetVersions(name);
  const latest = dataset.data?.latestVersion;
  const version = filters.version ?? latest;
  const items = useDatasetItems(name, { version: filters.version, page, pageSize });
  const change = useChangeDatasetItems(name);
  const remove = useDeleteDataset();
  const exportFile = useExportDataset();
  const [editing, setEditing] = useState<{ item?: DatasetItemDto } | undefined>();
  const [importing, setImporting] = useState(false);
  const isLatest = version === latest;

  // One column per input variable seen on this page, so a case reads as a row of a spreadsheet.
  const variables = useMemo(
    () => [...new Set((items.data?.items ?? []).flatMap((item) => Object.keys(item.input)))],
    [items.data],
  );

  const removeItem = (item: DatasetItemDto) =>
    change.mutate({ path: { name }, body: { remove: [item.itemKey] } }, { onError: (error) => onError(error) });

  const columns: ColumnsType<DatasetItemDto> = [
    ...variables.map((variable) => ({
      title: <span className="mono">{variable}</span>,
      key: `input.${variable}`,
      ellipsis: true,
      render: (_: unknown, item: DatasetItemDto) =>
        variable in item.input ? cellText(item.input[variable]) : <Typography.Text type="secondary">—</Typography.Text>,
    })),
    {
      title: t('datasets.expectedColumn'),
      key: 'expected',
      ellipsis: true,
      render: (_: unknown, item) => cellText(item.expected),
    },
    {
      title: t('datasets.metadataColumn'),
      key: 'metadata',
      ellipsis: true,
      width: 180,
      render: (_: unknown, item) => <span className="mono small">{cellText(item.metadata)}</span>,
    },
    ...(isLatest
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, item: DatasetItemDto) => (
              <Space size={0}>
                <Allowed permission="prompt:edit">
                  <Button
                    type="link"
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('datasets.editItem')}
                    data-testid="edit-item"
                    onClick={() => setEditing({ item })}
                  />
                </Allowed>
                <Allowed permission="prompt:edit">
                  <Popconfirm title={t('datasets.deleteItemConfirm')} onConfirm={() => removeItem(item)}>
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('datasets.deleteItem')}
                    />
                  </Popconfirm>
                </Allowed>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const versionColumns: ColumnsType<DatasetVersionDto> = [
    {
      title: t('datasets.latestVersion'),
      dataIndex: 'version',
      key: 'version',
      width: 90,
      render: (v: number) => `v${v}`,
    },
    { title: t('datasets.items'), dataIndex: 'itemCount', key: 'items', width: 90, align: 'right' },
    { title: t('datasets.versions.change'), dataIndex: 'change', key: 'change' },
    {
      title: t('datasets.versions.by'),
      dataIndex: 'createdBy',
      key: 'by',
      width: 200,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('datasets.versions.when'),
      dataIndex: 'createdAt',
      key: 'when',
      width: 190,
      render: (d: string) => formatDate(d),
    },
    {
      key: 'view',
      width: 120,
      render: (_: unknown, v) => (
        <Button
          type="link"
          size="small"
          onClick={() =>
            setFilters({ tab: undefined, version: v.version === latest ? undefined : v.version, page: undefined })
          }
        >
          {t('datasets.versions.view')}
        </Button>
      ),
    },
  ];

  if (dataset.isError)
    return <LoadError error={dataset.error} onRetry={dataset.refetch} retrying={dataset.isFetching} />;

  const confirmDelete = () =>
    modal.confirm({
      title: t('datasets.deleteConfirm', { name }),
      okButtonProps: { danger: true },
      onOk: () => remove.mutateAsync({ path: { name } }).then(() => navigate('/datasets')),
    });

  return (
    <Card
      loading={dataset.isPending}
      title={
        <Space>
          <span className="mono">{name}</span>
          {latest !== undefined && <Tag>{t('datasets.versionLatest', { version: latest })}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Allowed permission="prompt:edit">
            <Button icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="add-item">
              {t('datasets.addItem')}
            </Button>
          </Allowed>
          <Allowed permission="prompt:edit">
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-dataset">
              {t('datasets.import')}
            </Button>
          </Allowed>
          <Dropdown
            menu={{
              items: FORMATS.map((format) => ({ key: format, label: format.toUpperCase() })),
              onClick: ({ key }) =>
                exportFile.mutate(
                  { name, format: key as DatasetFileFormat, version: filters.version },
                  { onError: (error) => onError(error) },
                ),
            }}
          >
            <Button icon={<DownloadOutlined />} loading={exportFile.isPending} data-testid="export-dataset">
              {t('datasets.export')}
            </Button>
          </Dropdown>
          <Allowed permission="prompt:edit">
            <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} aria-label={t('datasets.delete')} />
          </Allowed>
        </Space>
      }
    >
      {dataset.data?.description && (
        <Typography.Paragraph type="secondary">{dataset.data.description}</Typography.Paragraph>
      )}
      <Tabs
        activeKey={filters.tab ?? 'items'}
        onChange={(tab) => setFilters({ tab: tab === 'items' ? undefined : (tab as 'versions') })}
        items={[
          {
            key: 'items',
            label: t('datasets.tab.items'),
            children: (
              <Space direction="vertical" className="full-width">
                <Space>
                  <Select
                    data-testid="dataset-version-select"
                    value={version}
                    style={{ minWidth: 160 }}
                    onChange={(v: number) => setFilters({ version: v === latest ? undefined : v, page: undefined })}
                    options={(versions.data?.items ?? []).map((v) => ({
                      value: v.version,
                      label:
                        v.version === latest
                          ? t('datasets.versionLatest', { version: v.version })
                          : t('datasets.versionOld', { version: v.version }),
                    }))}
                  />
                  <Typography.Text type="secondary">{t('datasets.newVersionNote')}</Typography.Text>
                </Space>
                {!isLatest && version !== undefined && (
                  <Alert type="info" showIcon message={t('datasets.viewingOld', { version })} />
                )}
                {items.isError ? (
                  <LoadError error={items.error} onRetry={items.refetch} retrying={items.isFetching} />
                ) : (
                  <Table
                    rowKey="id"
                    size="small"
                    data-testid="dataset-items"
                    columns={columns}
                    dataSource={items.data?.items}
                    loading={items.isPending}
                    scroll={{ x: true }}
                    locale={{ emptyText: <Empty description={t('datasets.noItems')} /> }}
                    pagination={{
                      current: page,
                      pageSize,
                      total: items.data?.total,
                      showSizeChanger: true,
                      onChange: (p, size) =>
                        setFilters({
                          page: p === 1 ? undefined : p,
                          pageSize: size === DEFAULT_PAGE_SIZE ? undefined : size,
                        }),
                    }}
                  />
                )}
              </Space>
            ),
          },
          {
            key: 'versions',
            label: t('datasets.tab.versions'),
            children: (
              <Table
                rowKey="version"
                size="small"
                data-testid="dataset-versions"
                columns={versionColumns}
                dataSource={versions.data?.items}
                loading={versions.isPending}
                pagination={false}
              />
            ),
          },
        ]}
      />
      <ItemEditorModal
        dataset={name}
        item={editing?.item}
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
      />
      <ImportDatasetModal dataset={name} open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
