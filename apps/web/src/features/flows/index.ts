export { CreateFlowModal } from './components/CreateFlowModal';
export { FlowGraph } from './components/FlowGraph';
export { useFlows } from './hooks/use-flows';
