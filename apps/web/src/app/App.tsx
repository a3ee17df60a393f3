import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router-dom';
import { I18nProvider } from '../i18n/I18nProvider';
import { isProblem } from '../lib/problem';
import { session } from '../lib/session';
import { router } from './routes';

/** Client errors (4xx) will not get better by asking again; network hiccups might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  return !(isProblem(error) && error.status < 500) && failureCount < 2;
}

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 10_000 } },
});

export function App() {
  useEffect(
    () =>
      session.subscribe(() => {
        if (!session.getToken()) queryClient.clear();
      }),
    [],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </I18nProvider>
    </QueryClientProvider>
  );
}
