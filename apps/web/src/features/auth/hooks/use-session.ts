import { useSyncExternalStore } from 'react';
import { session } from '../../../lib/session';

/** The current access token; re-renders on sign-in, sign-out and expiry. */
export function useSessionToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.getToken);
}
