export { useRuns } from './hooks/use-runs';
export { refetchWhileRunning, runRows } from './run-rows';
export { formatCost, formatMs } from './format';
