import { FileTextOutlined, KeyOutlined } from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router-dom';
import { ApiKeysPage } from '../features/api-keys/pages/ApiKeysPage';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { LoginPage } from '../features/auth/pages/LoginPage';
import { PromptListPage } from '../features/prompts/pages/PromptListPage';
import type { MessageKey } from '../i18n/messages/en';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

// The prompt page carries Monaco; load it only when a prompt is opened.
const PromptPage = lazy(() => import('../features/prompts/pages/PromptPage'));

interface AppRoute {
  /** Relative to `/`; the menu key and link target for menu routes. */
  path: string;
  element: ReactNode;
  menu?: { label: MessageKey; icon: ReactNode };
}

/** Every page of the signed-in console, in menu order: the router and the side menu both read it. */
export const appRoutes: AppRoute[] = [
  { path: 'prompts', element: <PromptListPage />, menu: { label: 'nav.prompts', icon: <FileTextOutlined /> } },
  { path: 'prompts/:name/:tab?', element: <PromptPage /> },
  { path: 'api-keys', element: <ApiKeysPage />, menu: { label: 'nav.apiKeys', icon: <KeyOutlined /> } },
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
