import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { session } from '../../../lib/session';

export function useSignOut(): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    session.signOut();
    queryClient.clear();
  }, [queryClient]);
}
