import { disableWebhookMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useDisableWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    ...disableWebhookMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, ['listDeployments', 'getDeployment'], path.name),
  });
}
