export { useProviders } from './hooks/use-providers';
export { ModelPicker } from './components/ModelPicker';
export { ProviderSelect } from './components/ProviderSelect';
