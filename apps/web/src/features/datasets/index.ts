export { AddToDatasetButton } from './components/AddToDatasetButton';
export { useDatasets } from './hooks/use-datasets';
export { useDatasetVersions } from './hooks/use-dataset-versions';
export { useDatasetItems } from './hooks/use-dataset-items';
