export { ExperimentStatusTag } from './components/ExperimentStatusTag';
export { useExperiments } from './hooks/use-experiments';
export { PromptSelect } from './components/PromptSelect';
