export { ExperimentStatusTag } from './components/ExperimentStatusTag';
export { useExperiments } from './hooks/use-experiments';
