export { useEnvironments } from './hooks/use-environments';
