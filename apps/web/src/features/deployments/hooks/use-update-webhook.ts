import { updateWebhookMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    ...updateWebhookMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, ['listDeployments', 'getDeployment'], path.name),
  });
}
