import { FolderOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { PromptResponseDto } from '@promptops/api-client';
import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import { Button, Card, Empty, Input, type InputRef, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed, useCurrentUser } from '../../auth';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { CreatePromptModal } from '../components/CreatePromptModal';
import { FirstRunChecklist } from '../components/FirstRunChecklist';
import { EnabledBadge, VersionStatusTag } from '../components/StatusTags';
import { TogglePromptButton } from '../components/TogglePromptButton';
import { usePrompts } from '../hooks/use-prompts';
import { LoadError } from '../../../components/LoadError';

type StatusFilter = 'all' | 'enabled' | 'disabled';

function positiveInt(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function PromptListPage() {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const [searchParams, setSearchParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  // The checklist reads API keys and the audit log: an administrator's first steps, once known to be one.
  const { data: user } = useCurrentUser();
  const isAdmin = !!user && user.permissions.includes('admin:keys') && user.permissions.includes('admin:users');

  const search = searchParams.get('search') ?? '';
  const page = positiveInt(searchParams.get('page'), 1);
  const pageSize = positiveInt(searchParams.get('pageSize'), DEFAULT_PAGE_SIZE);
  const status = (searchParams.get('status') as StatusFilter | null) ?? 'all';
  const folder = searchParams.get('folder') ?? undefined;

  const [searchInput, setSearchInput] = useState(search);
  const searchRef = useRef<InputRef>(null);

  // `/` jumps to the search box, as on most sites with a list to search, unless the user is typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, [contenteditable="true"], .monaco-editor');
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const debouncedSearch = useDebouncedValue(searchInput, 300);

  const update = (changes: Record<string, string | number | undefined>) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (
            value === undefined ||
            value === '' ||
            (key === 'page' && value === 1) ||
            (key === 'pageSize' && value === DEFAULT_PAGE_SIZE)
          )
            next.delete(key);
          else next.set(key, String(value));
        }
        return next;
      },
      { replace: true },
    );

  useEffect(() => {
    if (debouncedSearch.trim() !== search) update({ search: debouncedSearch.trim(), page: 1 });
    // Only a settled search term touches the URL (and resets paging).
  }, [debouncedSearch]);

  const prompts = usePrompts({
    search: search || undefined,
    folder,
    enabled: status === 'all' ? undefined : status === 'enabled',
    page,
    pageSize,
  });

  const columns: ColumnsType<PromptResponseDto> = [
    {
      // Display name and name share a cell: both stay readable on a laptop screen.
      title: t('prompt.nameAndDisplayName'),
      dataIndex: 'name',
      ellipsis: true,
      render: (name: string, prompt) => (
        <div className="prompt-title-cell">
          <Link to={`/prompts/${encodeURIComponent(name)}`} className="prompt-title-cell__title">
            {prompt.displayName}
          </Link>
          <Typography.Text type="secondary" className="mono small" ellipsis={{ tooltip: prompt.description }}>
            {name}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('prompt.folder'),
      dataIndex: 'folder',
      width: 120,
      ellipsis: true,
      render: (value: string | null) =>
        value ? (
          <Button
            type="link"
            size="small"
            className="folder-link"
            icon={<FolderOutlined />}
            title={t('prompts.filterFolder', { folder: value })}
            onClick={() => update({ folder: value, page: 1 })}
          >
            {value}
          </Button>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: t('prompt.tags'),
      dataIndex: 'tags',
      width: 160,
      render: (tags: string[]) => (
        <Space size={[0, 4]} wrap>
          {tags.map((tag) => (
            <Tag key={tag}>{tag}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('prompt.status'),
      dataIndex: 'enabled',
      width: 110,
      render: (enabled: boolean) => <EnabledBadge enabled={enabled} />,
    },
    {
      title: t('prompt.latestVersion'),
      dataIndex: 'latestVersion',
      width: 120,
      render: (version: number | null, prompt) =>
        version === null ? (
          <span className="muted">—</span>
        ) : (
          <Space size={6}>
            <span className="version-number">v{version}</span>
            {prompt.latestStatus && <VersionStatusTag status={prompt.latestStatus} />}
          </Space>
        ),
    },
    {
      title: t('prompt.updated'),
      dataIndex: 'updatedAt',
      width: 150,
      render: (updatedAt: string) => <span className="muted">{formatDate(updatedAt, 'short')}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      // Stays in view when the table scrolls sideways on a narrow screen.
      fixed: 'right',
      width: 100,
      align: 'right',
      render: (_value, prompt) => <TogglePromptButton prompt={prompt} size="small" variant="link" />,
    },
  ];

  const firstLoad = prompts.isPending;
  const nothingYet = prompts.data?.total === 0 && !search && !folder && status === 'all';

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <Typography.Title level={3}>{t('prompts.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('prompts.subtitle')}</Typography.Text>
        </div>
        <Allowed permission="prompt:edit">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('prompts.create')}
          </Button>
        </Allowed>
      </div>
      {isAdmin && <FirstRunChecklist />}
      <Card>
        <div className="toolbar">
          <Input
            ref={searchRef}
            allowClear
            prefix={<SearchOutlined className="muted" />}
            suffix={
              <kbd className="kbd" title={t('prompts.searchShortcut')}>
                /
              </kbd>
            }
            placeholder={t('prompts.searchPlaceholder')}
            value={searchInput}
            onChange={(e) => setSearchInput(e.target.value)}
            className="toolbar__search"
            aria-label={t('prompts.searchPlaceholder')}
          />
          {folder && (
            <Tag
              closable
              icon={<FolderOutlined />}
              onClose={() => update({ folder: undefined, page: 1 })}
              data-testid="folder-filter"
            >
              {folder}
            </Tag>
          )}
          <Segmented<StatusFilter>
            value={status}
            onChange={(value) => update({ status: value === 'all' ? undefined : value, page: 1 })}
            options={[
              { value: 'all', label: t('prompts.filterAll') },
              { value: 'enabled', label: t('prompt.enabled') },
              { value: 'disabled', label: t('prompt.disabled') },
            ]}
          />
        </div>
        {firstLoad ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : prompts.isError ? (
          <LoadError error={prompts.error} onRetry={prompts.refetch} retrying={prompts.isFetching} />
        ) : nothingYet ? (
          <Empty className="empty-invite" description={t('prompts.emptyInvite')}>
            <Allowed permission="prompt:edit">
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('prompts.createFirst')}
              </Button>
            </Allowed>
          </Empty>
        ) : (
          <Table<PromptResponseDto>
            rowKey="id"
            columns={columns}
            scroll={{ x: 960 }}
            dataSource={prompts.data?.items}
            loading={prompts.isFetching && prompts.isPlaceholderData}
            rowClassName={(prompt) => (prompt.enabled ? '' : 'row-disabled')}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prompts.noMatch')} /> }}
            pagination={{
              current: page,
              pageSize,
              total: prompts.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (total) => t('prompts.total', { total }),
              onChange: (nextPage, nextPageSize) =>
                update({ page: nextPageSize !== pageSize ? 1 : nextPage, pageSize: nextPageSize }),
            }}
          />
        )}
      </Card>
      <CreatePromptModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
