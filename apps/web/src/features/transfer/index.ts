export { TransferPage } from './pages/TransferPage';
