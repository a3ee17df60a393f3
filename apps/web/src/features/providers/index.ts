export { useProviders } from './hooks/use-providers';
