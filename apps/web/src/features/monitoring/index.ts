export { PromptMetricsTab } from './components/PromptMetricsTab';
