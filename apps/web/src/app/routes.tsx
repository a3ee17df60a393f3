import {
  EyeInvisibleOutlined,
  AlertOutlined,
  ApartmentOutlined,
  CloudServerOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  HistoryOutlined,
  KeyOutlined,
  LineChartOutlined,
  SafetyCertificateOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { AlertsPage } from '../features/alerts';
import { ApiKeysPage } from '../features/api-keys/pages/ApiKeysPage';
import { AuditPage } from '../features/audit/pages/AuditPage';
import { DatasetListPage } from '../features/datasets/pages/DatasetListPage';
import { FlowListPage } from '../features/flows/pages/FlowListPage';
import { ExperimentListPage } from '../features/experiments/pages/ExperimentListPage';
import { MonitoringPage } from '../features/monitoring/pages/MonitoringPage';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { PromptListPage } from '../features/prompts/pages/PromptListPage';
import { ProvidersPage } from '../features/providers/pages/ProvidersPage';
import { RunLogPage } from '../features/runs/pages/RunLogPage';
import { UsersPage } from '../features/users/pages/UsersPage';
import { PrivacyPage } from '../features/privacy';
import { TransferPage } from '../features/transfer';
import type { MessageKey } from '../i18n/messages/en';
import type { Permission } from '../lib/permissions';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

// The prompt page carries Monaco; load it only when a prompt is opened.
const PromptPage = lazy(() => import('../features/prompts/pages/PromptPage'));
// The flow page carries the graph editor.
const FlowPage = lazy(() => import('../features/flows/pages/FlowPage'));
const PlaygroundPage = lazy(() => import('../features/playground/pages/PlaygroundPage'));
const DatasetPage = lazy(() => import('../features/datasets/pages/DatasetPage'));
const NewExperimentPage = lazy(() => import('../features/experiments/pages/NewExperimentPage'));
const ExperimentPage = lazy(() => import('../features/experiments/pages/ExperimentPage'));

interface AppRoute {
  /** Relative to `/`; the menu key and link target for menu routes. */
  path: string;
  element: ReactNode;
  /** `permission`: shown only to users who hold it. */
  menu?: { label: MessageKey; icon: ReactNode; permission?: Permission };
}

/** Every page of the signed-in console, in menu order: the router and the side menu both read it. */
export const appRoutes: AppRoute[] = [
  { path: 'prompts', element: <PromptListPage />, menu: { label: 'nav.prompts', icon: <FileTextOutlined /> } },
  { path: 'prompts/:name/:tab?', element: <PromptPage /> },
  { path: 'flows', element: <FlowListPage />, menu: { label: 'nav.flows', icon: <ApartmentOutlined /> } },
  { path: 'flows/:name/:tab?', element: <FlowPage /> },
  { path: 'playground', element: <PlaygroundPage />, menu: { label: 'nav.playground', icon: <ExperimentOutlined /> } },
  { path: 'runs', element: <RunLogPage />, menu: { label: 'nav.runs', icon: <HistoryOutlined /> } },
  { path: 'monitoring', element: <MonitoringPage />, menu: { label: 'nav.monitoring', icon: <LineChartOutlined /> } },
  { path: 'alerts', element: <AlertsPage />, menu: { label: 'nav.alerts', icon: <AlertOutlined /> } },
  { path: 'datasets', element: <DatasetListPage />, menu: { label: 'nav.datasets', icon: <DatabaseOutlined /> } },
  { path: 'datasets/:name', element: <DatasetPage /> },
  {
    path: 'experiments',
    element: <ExperimentListPage />,
    menu: { label: 'nav.experiments', icon: <FundProjectionScreenOutlined /> },
  },
  { path: 'experiments/new', element: <NewExperimentPage /> },
  { path: 'experiments/:id', element: <ExperimentPage /> },
  {
    path: 'providers',
    element: <ProvidersPage />,
    menu: { label: 'nav.providers', icon: <CloudServerOutlined />, permission: 'admin:providers' },
  },
  {
    path: 'api-keys',
    element: <ApiKeysPage />,
    menu: { label: 'nav.apiKeys', icon: <KeyOutlined />, permission: 'admin:keys' },
  },
  {
    path: 'users',
    element: <UsersPage />,
    menu: { label: 'nav.users', icon: <TeamOutlined />, permission: 'admin:users' },
  },
  {
    path: 'audit',
    element: <AuditPage />,
    menu: { label: 'nav.audit', icon: <SafetyCertificateOutlined />, permission: 'admin:users' },
  },
  {
    path: 'privacy',
    element: <PrivacyPage />,
    menu: { label: 'nav.privacy', icon: <EyeInvisibleOutlined />, permission: 'admin:providers' },
  },
  { path: 'transfer', element: <TransferPage />, menu: { label: 'nav.transfer', icon: <SwapOutlined /> } },
];

export const menuRoutes = appRoutes.filter((route): route is Required<AppRoute> => route.menu !== undefined);

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/prompts" replace /> },
      ...appRoutes.map(({ path, element }) => ({ path, element })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
