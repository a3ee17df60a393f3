export { AlertsPage } from './pages/AlertsPage';
