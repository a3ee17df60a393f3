import {
  CheckCircleOutlined,
  CopyOutlined,
  DiffOutlined,
  EditOutlined,
  EyeOutlined,
  InboxOutlined,
  MoreOutlined,
  PushpinOutlined,
} from '@ant-design/icons';
import type { PromptDetailResponseDto, VersionSummaryDto } from '@promptops/api-client';
import { App, Button, Dropdown, Empty, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router-dom';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useGuardMenuItem } from '../../auth/components/Allowed';
import { useArchivePromptVersion } from '../hooks/use-archive-prompt-version';
import { useClonePromptVersion } from '../hooks/use-clone-prompt-version';
import { useMakePromptVersionLatest } from '../hooks/use-make-prompt-version-latest';
import { usePromptVersions } from '../hooks/use-prompt-versions';
import { usePublishPromptVersion } from '../hooks/use-publish-prompt-version';
import { NotRunnableTag, RunIssuesAlert } from './RunIssues';
import { LatestTag, VersionStatusTag } from './StatusTags';
import { LoadError } from '../../../components/LoadError';

export function VersionsTab({ prompt }: { prompt: PromptDetailResponseDto }) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const formatDate = useFormatDate();
  const navigate = useNavigate();
  const onError = useProblemHandler();
  const versions = usePromptVersions(prompt.name);
  const publish = usePublishPromptVersion();
  const archive = useArchivePromptVersion();
  const makeLatest = useMakePromptVersionLatest();
  const clone = useClonePromptVersion();
  const guard = useGuardMenuItem();

  const base = `/prompts/${encodeURIComponent(prompt.name)}`;
  const path = (version: number) => ({ path: { name: prompt.name, version } });

  const confirm = (
    title: string,
    content: React.ReactNode,
    okText: string,
    run: () => Promise<unknown>,
    danger = false,
  ) =>
    modal.confirm({
      title,
      content,
      okText,
      cancelText: t('common.cancel'),
      okButtonProps: { danger },
      onOk: () => run().catch(onError),
    });

  const actionsFor = (v: VersionSummaryDto): MenuProps['items'] => {
    const others = (versions.data?.items ?? []).filter((other) => other.version !== v.version);
    const params = { version: v.version };
    return [
      guard('prompt:publish', {
        key: 'publish',
        icon: <CheckCircleOutlined />,
        label: t('version.publish'),
        disabled: v.status === 'published',
        onClick: () =>
          confirm(
            t('version.publishConfirmTitle', params),
            <>
              {t('version.publishConfirmText')}
              {!v.runnable && <RunIssuesAlert issues={v.runIssues} className="confirm-alert" />}
            </>,
            t('version.publish'),
            () => publish.mutateAsync(path(v.version)).then(() => message.success(t('version.published', params))),
          ),
      }),
      guard('prompt:edit', {
        key: 'make-latest',
        icon: <PushpinOutlined />,
        label: t('version.makeLatest'),
        disabled: v.isLatest,
        onClick: () =>
          confirm(
            t('version.makeLatestConfirmTitle', params),
            t('version.makeLatestConfirmText'),
            t('version.makeLatest'),
            () => makeLatest.mutateAsync(path(v.version)).then(() => message.success(t('version.madeLatest', params))),
          ),
      }),
      guard('prompt:edit', {
        key: 'clone',
        icon: <CopyOutlined />,
        label: t('version.clone'),
        onClick: () =>
          clone
            .mutateAsync({ ...path(v.version), body: {} })
            .then((created) => message.success(t('version.cloned', { version: created.version })))
            .catch(onError),
      }),
      {
        key: 'compare',
        icon: <DiffOutlined />,
        label: t('version.compareWith'),
        disabled: others.length === 0,
        children: others.map((other) => ({
          key: `compare-${other.version}`,
          label: `v${other.version}${other.isLatest ? ` · ${t('version.latest')}` : ''}`,
          onClick: () =>
            navigate(
              `${base}/diff?from=${Math.min(v.version, other.version)}&to=${Math.max(v.version, other.version)}`,
            ),
        })),
      },
      { type: 'divider' },
      guard('prompt:edit', {
        key: 'archive',
        icon: <InboxOutlined />,
        label: t('version.archive'),
        danger: true,
        disabled: v.status === 'archived',
        onClick: () =>
          confirm(
            t('version.archiveConfirmTitle', params),
            t('version.archiveConfirmText'),
            t('version.archive'),
            () => archive.mutateAsync(path(v.version)).then(() => message.success(t('version.archived', params))),
            true,
          ),
      }),
    ];
  };

  const columns: ColumnsType<VersionSummaryDto> = [
    {
      title: t('version.version'),
      dataIndex: 'version',
      width: 190,
      render: (version: number, v) => (
        <Space size={6} wrap>
          <span className="version-number">v{version}</span>
          {v.isLatest && <LatestTag />}
          {!v.runnable && <NotRunnableTag issues={v.runIssues} />}
        </Space>
      ),
    },
    {
      title: t('version.status'),
      dataIndex: 'status',
      width: 120,
      render: (_status, v) => <VersionStatusTag status={v.status} />,
    },
    {
      title: t('version.comment'),
      dataIndex: 'comment',
      ellipsis: true,
      render: (comment: string | null, v) => (
        <Space direction="vertical" size={0}>
          <Typography.Text ellipsis={{ tooltip: comment }}>
            {comment ?? <span className="muted">—</span>}
          </Typography.Text>
          {v.clonedFromVersion !== null && (
            <Typography.Text type="secondary" className="small">
              {t('version.clonedFrom', { version: v.clonedFromVersion })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('version.author'),
      dataIndex: 'createdBy',
      width: 200,
      ellipsis: true,
      responsive: ['lg'],
      render: (author: string | null) => author ?? <span className="muted">—</span>,
    },
    {
      title: t('version.created'),
      dataIndex: 'createdAt',
      width: 180,
      responsive: ['md'],
      render: (createdAt: string) => <span className="muted">{formatDate(createdAt)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      // Stays in view when the table scrolls sideways on a narrow screen.
      fixed: 'right',
      width: 150,
      align: 'right',
      render: (_value, v) => (
        <Space size={4}>
          <Tooltip title={t('version.openInEditor')}>
            <Button
              size="small"
              type="text"
              icon={<EditOutlined />}
              aria-label={t('version.openInEditor')}
              onClick={() => navigate(`${base}/editor?from=${v.version}`)}
            />
          </Tooltip>
          <Tooltip title={t('version.preview')}>
            <Button
              size="small"
              type="text"
              icon={<EyeOutlined />}
              aria-label={t('version.preview')}
              onClick={() => navigate(`${base}/preview?version=${v.version}`)}
            />
          </Tooltip>
          <Dropdown menu={{ items: actionsFor(v) }} trigger={['click']}>
            <Button size="small" type="text" icon={<MoreOutlined />} aria-label={t('common.moreActions')} />
          </Dropdown>
        </Space>
      ),
    },
  ];

  if (versions.isPending) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (versions.isError)
    return <LoadError error={versions.error} onRetry={versions.refetch} retrying={versions.isFetching} />;

  return (
    <Table<VersionSummaryDto>
      rowKey="version"
      columns={columns}
      dataSource={versions.data.items}
      pagination={versions.data.items.length > 20 ? { pageSize: 20 } : false}
      locale={{ emptyText: <Empty description={t('version.none')} /> }}
    />
  );
}
