export { useRuns } from './hooks/use-runs';
