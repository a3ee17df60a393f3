export { useApiKeys } from './hooks/use-api-keys';
