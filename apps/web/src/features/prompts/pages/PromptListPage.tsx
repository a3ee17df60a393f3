import { ApartmentOutlined, FolderOutlined, PlusOutlined, SearchOutlined, TagOutlined } from '@ant-design/icons';
import type { PromptListItemDto, PromptSortField, SortOrder } from '@promptops/api-client';
import { DEFAULT_PAGE_SIZE, PROMPT_SORT_FIELDS, PROMPT_TYPES, type PromptType } from '@promptops/shared';
import {
  Button,
  Card,
  Drawer,
  Empty,
  Grid,
  Input,
  type InputRef,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { SortOrder as AntSortOrder } from 'antd/es/table/interface';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useFormatDate } from '../../../i18n/use-format-date';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed, useCurrentUser } from '../../auth';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { urlParam, UrlFilterChanges, useUrlFilters } from '../../../lib/use-url-filters';
import { CreatePromptModal } from '../components/CreatePromptModal';
import { FirstRunChecklist } from '../components/FirstRunChecklist';
import { FolderTree } from '../components/FolderTree';
import { LatestVersion, ServedVersions } from '../components/ListCells';
import { EnabledBadge } from '../components/StatusTags';
import { TogglePromptButton } from '../components/TogglePromptButton';
import { usePrompts } from '../hooks/use-prompts';
import { LoadError } from '../../../components/LoadError';
import { DeprecationTag } from '../../retirement';

type StatusFilter = 'all' | 'enabled' | 'disabled';
type TypeFilter = 'all' | PromptType;

/** The list's state in the URL; a hand-edited unknown value counts as absent (the default). */
const URL_SCHEMA = {
  search: urlParam.string,
  folder: urlParam.string,
  tag: urlParam.string,
  status: urlParam.oneOf(['enabled', 'disabled'] as const),
  type: urlParam.oneOf(PROMPT_TYPES),
  sort: urlParam.oneOf(PROMPT_SORT_FIELDS),
  order: urlParam.oneOf(['asc', 'desc'] as const),
  page: urlParam.int,
  pageSize: urlParam.int,
};

const antOrder = (order: SortOrder): AntSortOrder => (order === 'asc' ? 'ascend' : 'descend');

export function PromptListPage() {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  const screens = Grid.useBreakpoint();
  const [creating, setCreating] = useState(false);
  // Beside the table only where both fit (1600 px): below that the table would have to scroll
  // sideways, so the tree opens as a drawer from the Folders button instead.
  const wide = !!screens.xxl;
  const [treeHidden, setTreeHidden] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const treeShown = wide ? !treeHidden : drawerOpen;
  // The checklist reads API keys and the audit log: an administrator's first steps, once known to be one.
  const { data: user } = useCurrentUser();
  const isAdmin = !!user && user.permissions.includes('admin:keys') && user.permissions.includes('admin:users');

  const [filters, setFilters] = useUrlFilters(URL_SCHEMA);
  // Any change of filter or order starts again at the first page, unless it names the page.
  const update = (changes: UrlFilterChanges<typeof URL_SCHEMA>) => setFilters({ page: undefined, ...changes });
  const search = filters.search ?? '';
  const page = filters.page ?? 1;
  const pageSize = filters.pageSize ?? DEFAULT_PAGE_SIZE;
  const status: StatusFilter = filters.status ?? 'all';
  const { folder, tag, sort, order, type } = filters;
  const enabled = status === 'all' ? undefined : status === 'enabled';
  const sortOrderOf = (field: PromptSortField): AntSortOrder => {
    if (sort === undefined) return field === 'updatedAt' ? antOrder(order ?? 'desc') : null;
    if (sort !== field) return null;
    return antOrder(order ?? (field === 'updatedAt' || field === 'createdAt' ? 'desc' : 'asc'));
  };

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

  useEffect(() => {
    if (debouncedSearch.trim() !== search) update({ search: debouncedSearch.trim() });
    // Only a settled search term touches the URL (and resets paging).
  }, [debouncedSearch]);

  const prompts = usePrompts({ search: search || undefined, folder, tag, enabled, sort, order, page, pageSize, type });
  const filterFolder = (value: string | undefined) => update({ folder: value });

  const columns: ColumnsType<PromptListItemDto> = [
    {
      // Display name and name share a cell: both stay readable on a laptop screen.
      title: t('prompt.nameAndDisplayName'),
      dataIndex: 'name',
      key: 'displayName',
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrderOf('displayName'),
      render: (name: string, prompt) => (
        <div className="prompt-title-cell">
          <Link
            to={`/${prompt.type === 'flow' ? 'flows' : 'prompts'}/${encodeURIComponent(name)}`}
            className="prompt-title-cell__title"
          >
            {prompt.displayName}
          </Link>
          <span className="prompt-title-cell__line">
            <Typography.Text type="secondary" className="mono small" ellipsis={{ tooltip: prompt.description }}>
              {name}
            </Typography.Text>
            {prompt.type === 'flow' && (
              <Tag icon={<ApartmentOutlined />} color="purple" bordered={false} data-testid="flow-tag">
                {t('flows.tag')}
              </Tag>
            )}
            <DeprecationTag deprecation={prompt.deprecation} />
          </span>
        </div>
      ),
    },
    {
      title: t('prompt.folder'),
      dataIndex: 'folder',
      key: 'folder',
      width: 130,
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrderOf('folder'),
      render: (value: string | null) =>
        value ? (
          <Button
            type="link"
            size="small"
            className="folder-link"
            icon={<FolderOutlined />}
            title={t('prompts.filterFolder', { folder: value })}
            onClick={() => filterFolder(value)}
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
          {tags.map((value) => (
            <Tag
              key={value}
              className="tag-link"
              color={value === tag ? 'processing' : undefined}
              role="button"
              tabIndex={0}
              title={t('prompts.filterTag', { tag: value })}
              onClick={() => update({ tag: value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  update({ tag: value });
                }
              }}
            >
              {value}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('prompts.serving'),
      dataIndex: 'deployments',
      width: 170,
      render: (deployments: PromptListItemDto['deployments']) => <ServedVersions deployments={deployments} />,
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
      render: (version: number | null, prompt) => <LatestVersion version={version} status={prompt.latestStatus} />,
    },
    {
      title: t('prompt.updated'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      width: 150,
      sorter: true,
      sortOrder: sortOrderOf('updatedAt'),
      // Newest first is the default, so a click turns it round rather than clearing it.
      sortDirections: ['descend', 'ascend', 'descend'],
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
  const nothingYet = prompts.data?.total === 0 && !search && !folder && !tag && status === 'all' && !type;

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
      <div className={wide && treeShown ? 'prompt-list prompt-list--with-tree' : 'prompt-list'}>
        {wide && treeShown && (
          <Card size="small" title={t('prompts.folderTree')} className="prompt-list__tree" data-testid="folder-tree">
            <FolderTree value={folder} onChange={filterFolder} enabled={enabled} />
          </Card>
        )}
        <Card className="prompt-list__main">
          <div className="toolbar">
            <Space wrap size={8} className="toolbar__filters">
              <Button
                icon={<FolderOutlined />}
                onClick={() => (wide ? setTreeHidden(!treeHidden) : setDrawerOpen(!drawerOpen))}
                aria-pressed={treeShown}
                data-testid="folder-tree-toggle"
              >
                {t('prompts.folders')}
              </Button>
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
                  onClose={() => filterFolder(undefined)}
                  title={t('prompts.folderFilterTitle', { folder })}
                  data-testid="folder-filter"
                >
                  {folder}
                </Tag>
              )}
              {tag && (
                <Tag
                  closable
                  icon={<TagOutlined />}
                  onClose={() => update({ tag: undefined })}
                  title={t('prompts.tagFilterTitle', { tag })}
                  data-testid="tag-filter"
                >
                  {tag}
                </Tag>
              )}
            </Space>
            <Space wrap size={8}>
              <Segmented<TypeFilter>
                value={type ?? 'all'}
                onChange={(value) => update({ type: value === 'all' ? undefined : value })}
                data-testid="type-filter"
                options={[
                  { value: 'all', label: t('prompts.filterAll') },
                  { value: 'prompt', label: t('prompts.typePrompts') },
                  { value: 'flow', label: t('prompts.typeFlows') },
                ]}
              />
              <Segmented<StatusFilter>
                value={status}
                onChange={(value) => update({ status: value === 'all' ? undefined : value })}
                options={[
                  { value: 'all', label: t('prompts.filterAll') },
                  { value: 'enabled', label: t('prompt.enabled') },
                  { value: 'disabled', label: t('prompt.disabled') },
                ]}
              />
            </Space>
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
            <Table<PromptListItemDto>
              rowKey="id"
              columns={columns}
              scroll={{ x: 1080 }}
              dataSource={prompts.data?.items}
              loading={prompts.isFetching && prompts.isPlaceholderData}
              rowClassName={(prompt) => (prompt.enabled ? '' : 'row-disabled')}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('prompts.noMatch')} /> }}
              onChange={(_pagination, _filters, sorter, { action }) => {
                if (action !== 'sort' || Array.isArray(sorter)) return;
                const field = sorter.columnKey as PromptSortField | undefined;
                // Cleared: back to the default, newest change first, which needs nothing in the URL.
                if (!sorter.order || !field) update({ sort: undefined, order: undefined });
                else update({ sort: field, order: sorter.order === 'ascend' ? 'asc' : 'desc' });
              }}
              pagination={{
                current: page,
                pageSize,
                total: prompts.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => t('prompts.total', { total }),
                onChange: (nextPage, nextPageSize) =>
                  update({
                    page: nextPageSize !== pageSize ? undefined : nextPage,
                    pageSize: nextPageSize === DEFAULT_PAGE_SIZE ? undefined : nextPageSize,
                  }),
              }}
            />
          )}
        </Card>
      </div>
      <Drawer
        open={!wide && drawerOpen}
        placement="left"
        width={300}
        title={t('prompts.folderTree')}
        onClose={() => setDrawerOpen(false)}
      >
        <div data-testid="folder-drawer">
          <FolderTree
            value={folder}
            onChange={(value) => {
              filterFolder(value);
              setDrawerOpen(false);
            }}
            enabled={enabled}
          />
        </div>
      </Drawer>
      <CreatePromptModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
