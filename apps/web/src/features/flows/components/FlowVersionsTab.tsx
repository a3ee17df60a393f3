import { CheckCircleOutlined, DiffOutlined, EyeOutlined, InboxOutlined } from '@ant-design/icons';
import type { FlowResponseDto, VersionSummaryDto } from '@promptops/api-client';
import { App, Button, Empty, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCan } from '../../auth';
import {
  LatestTag,
  useArchivePromptVersion,
  usePromptVersions,
  usePublishPromptVersion,
  VersionStatusTag,
} from '../../prompts';

/** A flow's versions (numbered, published and archived exactly as a prompt's). */
export function FlowVersionsTab({ flow }: { flow: FlowResponseDto }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const formatDate = useFormatDate();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const canPublish = useCan('prompt:publish');
  const versions = usePromptVersions(flow.name);
  const publish = usePublishPromptVersion();
  const archive = useArchivePromptVersion();
  const base = `/flows/${encodeURIComponent(flow.name)}`;
  const path = (version: number) => ({ path: { name: flow.name, version } });

  const columns: ColumnsType<VersionSummaryDto> = [
    {
      title: t('version.version'),
      dataIndex: 'version',
      width: 130,
      render: (version: number, v) => (
        <Space size={6}>
          <span className="version-number">v{version}</span>
          {v.isLatest && <LatestTag />}
        </Space>
      ),
    },
    {
      title: t('version.status'),
      dataIndex: 'status',
      width: 120,
      render: (status: VersionSummaryDto['status']) => <VersionStatusTag status={status} />,
    },
    {
      title: t('version.comment'),
      dataIndex: 'comment',
      ellipsis: true,
      render: (comment: string | null) => comment ?? <span className="muted">—</span>,
    },
    { title: t('version.author'), dataIndex: 'createdBy', width: 180, ellipsis: true },
    {
      title: t('version.created'),
      dataIndex: 'createdAt',
      width: 160,
      render: (createdAt: string) => <span className="muted">{formatDate(createdAt, 'short')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 230,
      align: 'right',
      render: (_value, v) => (
        <Space size={0} wrap>
          <Tooltip title={t('flow.versions.open')}>
            <Button
              type="link"
              size="small"
              icon={<EyeOutlined />}
              aria-label={t('flow.versions.open')}
              onClick={() => navigate(v.isLatest ? `${base}/editor` : `${base}/editor?version=${v.version}`)}
            />
          </Tooltip>
          {v.version > 1 && (
            <Tooltip title={t('flow.versions.diff')}>
              <Button
                type="link"
                size="small"
                icon={<DiffOutlined />}
                aria-label={t('flow.versions.diff')}
                onClick={() => navigate(`${base}/diff?from=${v.version - 1}&to=${v.version}`)}
              />
            </Tooltip>
          )}
          {canPublish && v.status !== 'published' && (
            <Button
              type="link"
              size="small"
              icon={<CheckCircleOutlined />}
              data-testid={`publish-v${v.version}`}
              onClick={() =>
                publish
                  .mutateAsync(path(v.version))
                  .then(() => message.success(t('version.published', { version: v.version })))
                  .catch(onError)
              }
            >
              {t('version.publish')}
            </Button>
          )}
          {canPublish && v.status !== 'archived' && !v.isLatest && (
            <Button
              type="link"
              size="small"
              icon={<InboxOutlined />}
              onClick={() => archive.mutateAsync(path(v.version)).catch(onError)}
            >
              {t('version.archive')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  if (versions.isError)
    return <LoadError error={versions.error} onRetry={versions.refetch} retrying={versions.isFetching} />;
  return (
    <Table<VersionSummaryDto>
      rowKey="version"
      size="middle"
      loading={versions.isPending}
      columns={columns}
      dataSource={versions.data?.items}
      pagination={false}
      data-testid="flow-versions"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('flow.versions.none')} /> }}
      footer={() => <Typography.Text type="secondary">{t('flow.versions.hint')}</Typography.Text>}
    />
  );
}
