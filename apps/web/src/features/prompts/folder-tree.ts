import type { PromptFolderDto } from '@promptops/api-client';

export interface FolderNode {
  /** The full path, e.g. `support/billing`: what the list's `folder` filter takes. */
  path: string;
  /** The last segment, e.g. `billing`. */
  label: string;
  /** Prompts in this folder and every folder below it, as the list shows when it is selected. */
  count: number;
  children: FolderNode[];
}

/**
 * Nests flat folder paths by `/`. A parent that holds no prompt itself (only `a/b` is used)
 * still gets a node, so the tree has no gaps. Siblings are sorted by label, case-insensitively.
 */
export function buildFolderTree(folders: PromptFolderDto[]): FolderNode[] {
  const roots: FolderNode[] = [];
  const byPath = new Map<string, FolderNode>();
  for (const { folder, count } of folders) {
    let siblings = roots;
    let path = '';
    for (const segment of folder.split('/').filter(Boolean)) {
      path = path ? `${path}/${segment}` : segment;
      let node = byPath.get(path);
      if (!node) {
        node = { path, label: segment, count: 0, children: [] };
        byPath.set(path, node);
        siblings.push(node);
      }
      node.count += count;
      siblings = node.children;
    }
  }
  const sort = (nodes: FolderNode[]) => {
    nodes.sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
    nodes.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
