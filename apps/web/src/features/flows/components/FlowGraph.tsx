import { ExclamationCircleFilled, ExportOutlined, ImportOutlined } from '@ant-design/icons';
import type { FlowIssueDto, FlowStepStatus } from '@promptops/api-client';
import {
  Background,
  Controls,
  Handle,
  type Edge,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Badge, Tooltip, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import type { FlowDraft } from '../flow-definition';
import { INPUTS_NODE, layoutFlow, NODE_HEIGHT, NODE_WIDTH, OUTPUT_NODE } from '../flow-layout';

interface StepNodeData extends Record<string, unknown> {
  stepId: string;
  label?: string;
  prompt: string;
  issues: FlowIssueDto[];
  status?: FlowStepStatus;
  selected: boolean;
}

interface EndNodeData extends Record<string, unknown> {
  title: string;
  detail: string;
  issues: FlowIssueDto[];
  side: 'inputs' | 'output';
}

function StepNode({ data }: NodeProps<Node<StepNodeData>>) {
  const { t } = useI18n();
  const classes = ['flow-node', 'flow-node--step'];
  if (data.issues.length) classes.push('flow-node--invalid');
  if (data.status) classes.push(`flow-node--${data.status}`);
  if (data.selected) classes.push('flow-node--selected');
  return (
    <div className={classes.join(' ')} data-testid={`flow-node-${data.stepId}`} data-status={data.status}>
      <Handle type="target" position={Position.Left} />
      <div className="flow-node__title">
        <span className="mono">{data.stepId}</span>
        {data.issues.length > 0 && (
          <Tooltip title={data.issues.map((issue) => issue.message).join('\n')}>
            <Badge count={data.issues.length} size="small" data-testid={`flow-node-issues-${data.stepId}`} />
          </Tooltip>
        )}
        {data.status && (
          <span className={`flow-status flow-status--${data.status}`}>{t(`flow.status.${data.status}`)}</span>
        )}
      </div>
      {data.label && <div className="flow-node__label">{data.label}</div>}
      <Typography.Text type="secondary" className="flow-node__prompt small" ellipsis>
        {data.prompt || t('flow.noPrompt')}
      </Typography.Text>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

function EndNode({ data }: NodeProps<Node<EndNodeData>>) {
  return (
    <div
      className={`flow-node flow-node--end${data.issues.length ? ' flow-node--invalid' : ''}`}
      data-testid={`flow-node-${data.side}`}
    >
      {data.side === 'output' && <Handle type="target" position={Position.Left} />}
      <div className="flow-node__title">
        {data.side === 'inputs' ? <ImportOutlined /> : <ExportOutlined />} {data.title}
        {data.issues.length > 0 && <ExclamationCircleFilled className="flow-node__error-icon" />}
      </div>
      <Typography.Text type="secondary" className="small mono" ellipsis>
        {data.detail}
      </Typography.Text>
      {data.side === 'inputs' && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

const nodeTypes = { step: StepNode, end: EndNode };

interface FlowGraphProps {
  draft: FlowDraft;
  dependencies: Map<string, string[]>;
  issues: FlowIssueDto[];
  statuses?: Record<string, FlowStepStatus>;
  selected?: string;
  onSelect?(id: string | undefined): void;
}

function Graph({ draft, dependencies, issues, statuses, selected, onSelect }: FlowGraphProps) {
  const { t } = useI18n();
  const { fitView } = useReactFlow();
  const steps = draft.definition.steps;
  const shape = JSON.stringify([steps.map((s) => s.id), [...dependencies]]);

  const { nodes, edges } = useMemo(() => {
    const stepIds = new Set(steps.map((step) => step.id));
    const graphEdges: Edge[] = [];
    const readers = new Set<string>();
    for (const step of steps) {
      const deps = (dependencies.get(step.id) ?? []).filter((dep) => stepIds.has(dep));
      for (const dep of deps) {
        graphEdges.push({ id: `${dep}->${step.id}`, source: dep, target: step.id });
        readers.add(dep);
      }
      if (deps.length === 0) graphEdges.push({ id: `in->${step.id}`, source: INPUTS_NODE, target: step.id });
    }
    // Steps no other step reads feed the output.
    for (const step of steps) {
      if (!readers.has(step.id)) graphEdges.push({ id: `${step.id}->out`, source: step.id, target: OUTPUT_NODE });
    }
    if (steps.length === 0) graphEdges.push({ id: 'in->out', source: INPUTS_NODE, target: OUTPUT_NODE });
    const positions = layoutFlow([INPUTS_NODE, ...steps.map((s) => s.id), OUTPUT_NODE], graphEdges);
    const flowIssues = issues.filter((issue) => issue.steps.length === 0);
    const graphNodes: Node[] = [
      {
        id: INPUTS_NODE,
        type: 'end',
        position: positions.get(INPUTS_NODE)!,
        data: {
          side: 'inputs',
          title: t('flow.inputs'),
          detail: draft.inputs.map((input) => input.name).join(', ') || '—',
          issues: [],
        },
        selectable: false,
      },
      ...steps.map((step) => ({
        id: step.id,
        type: 'step',
        position: positions.get(step.id)!,
        data: {
          stepId: step.id,
          label: step.label,
          prompt: step.prompt.name,
          issues: issues.filter((issue) => issue.steps.includes(step.id)),
          status: statuses?.[step.id],
          selected: step.id === selected,
        },
      })),
      {
        id: OUTPUT_NODE,
        type: 'end',
        position: positions.get(OUTPUT_NODE)!,
        data: {
          side: 'output',
          title: t('flow.output'),
          detail: draft.definition.output,
          issues: flowIssues.filter((issue) => issue.field === 'output'),
        },
        selectable: false,
      },
    ];
    const animated = (edge: Edge) => statuses?.[edge.target] === 'running';
    // Fixed sizes: the nodes are rebuilt on every change, and xyflow keeps unmeasured nodes hidden.
    const sized = graphNodes.map((graphNode) => ({ ...graphNode, width: NODE_WIDTH, height: NODE_HEIGHT }));
    return { nodes: sized, edges: graphEdges.map((edge) => ({ ...edge, animated: animated(edge) })) };
  }, [draft, dependencies, issues, statuses, selected, t]);

  // A new shape (a step added, removed or rewired) is laid out again and brought into view.
  useEffect(() => {
    const timer = setTimeout(() => void fitView({ padding: 0.15, duration: 200 }), 50);
    return () => clearTimeout(timer);
  }, [shape, fitView]);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      nodesDraggable={false}
      nodesConnectable={false}
      fitView
      fitViewOptions={{ padding: 0.15 }}
      minZoom={0.3}
      maxZoom={1.5}
      proOptions={{ hideAttribution: true }}
      onNodeClick={(_event, node) => onSelect?.(node.type === 'step' ? node.id : undefined)}
      onPaneClick={() => onSelect?.(undefined)}
    >
      <Background gap={16} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}

/** The flow drawn as a graph: Inputs → steps by dependency → Output, laid out automatically. */
export function FlowGraph(props: FlowGraphProps) {
  return (
    <div className="flow-graph" data-testid="flow-graph">
      <ReactFlowProvider>
        <Graph {...props} />
      </ReactFlowProvider>
    </div>
  );
}
