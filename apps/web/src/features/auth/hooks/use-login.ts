import { loginMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { session } from '../../../lib/session';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    ...loginMutation(),
    onSuccess: (data) => {
      queryClient.clear();
      session.signIn(data.accessToken);
    },
  });
}
