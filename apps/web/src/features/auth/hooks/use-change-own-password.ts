import { changeOwnPasswordMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation } from '@tanstack/react-query';

export function useChangeOwnPassword() {
  return useMutation(changeOwnPasswordMutation());
}
