interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * A remark plugin that keeps every single newline as a line break, as the model receives the text:
 * without it, Markdown joins few-shot lines such as "Q: …\nA: …" into one paragraph line.
 */
export function remarkHardBreaks() {
  const visit = (node: MdNode): void => {
    if (!node.children) return;
    node.children = node.children.flatMap((child): MdNode[] => {
      if (child.type !== 'text' || !child.value?.includes('\n')) {
        visit(child);
        return [child];
      }
      return child.value
        .split('\n')
        .flatMap((line, index): MdNode[] =>
          index === 0 ? [{ type: 'text', value: line }] : [{ type: 'break' }, { type: 'text', value: line }],
        );
    });
  };
  return (tree: MdNode) => visit(tree);
}
