export { AddToDatasetButton } from './components/AddToDatasetButton';
