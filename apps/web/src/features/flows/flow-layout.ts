import dagre from '@dagrejs/dagre';

export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 72;
export const INPUTS_NODE = '__inputs';
export const OUTPUT_NODE = '__output';

export interface LayoutEdge {
  source: string;
  target: string;
}

/**
 * Positions left to right by dependencies: the Inputs node first, each step after the steps it
 * reads, the Output node last. Positions are the nodes' top-left corners.
 */
export function layoutFlow(nodeIds: string[], edges: LayoutEdge[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 36, ranksep: 56, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of nodeIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) if (edge.source !== edge.target) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return new Map(
    nodeIds.map((id) => {
      const node = graph.node(id);
      return [id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 }];
    }),
  );
}
