import { FolderOpenOutlined, FolderOutlined } from '@ant-design/icons';
import { Skeleton, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { buildFolderTree, type FolderNode } from '../folder-tree';
import { usePromptFolders } from '../hooks/use-prompt-folders';

interface FolderTreeProps {
  /** The selected folder path, if any. */
  value: string | undefined;
  onChange: (folder: string | undefined) => void;
  /** Count only enabled or disabled prompts, as the list does. */
  enabled: boolean | undefined;
}

function toTreeData(nodes: FolderNode[]): DataNode[] {
  return nodes.map((node) => ({
    key: node.path,
    title: (
      <span className="folder-tree__node" data-folder={node.path}>
        <span className="folder-tree__label">{node.label}</span>
        <span className="folder-tree__count">{node.count}</span>
      </span>
    ),
    children: toTreeData(node.children),
  }));
}

/** Folders nested by `/`; selecting one lists it and its sub-folders, selecting it again clears the filter. */
export function FolderTree({ value, onChange, enabled }: FolderTreeProps) {
  const { t } = useI18n();
  const folders = usePromptFolders({ enabled });
  const treeData = useMemo(() => toTreeData(buildFolderTree(folders.data ?? [])), [folders.data]);
  // Open the way down to the selected folder, e.g. after following a shared link.
  const ancestors = useMemo(
    () => (value ? value.split('/').map((_s, i, parts) => parts.slice(0, i + 1).join('/')) : []),
    [value],
  );

  if (folders.isPending) return <Skeleton active paragraph={{ rows: 4 }} title={false} />;
  if (!treeData.length) return <Typography.Text type="secondary">{t('prompts.folderTreeEmpty')}</Typography.Text>;
  return (
    <Tree
      className="folder-tree"
      blockNode
      showIcon
      icon={({ expanded }) => (expanded ? <FolderOpenOutlined /> : <FolderOutlined />)}
      treeData={treeData}
      selectedKeys={value ? [value] : []}
      defaultExpandedKeys={ancestors}
      onSelect={(keys) => onChange(keys.length ? String(keys[0]) : undefined)}
      aria-label={t('prompts.folderTree')}
    />
  );
}
