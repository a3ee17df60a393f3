import { rotateWebhookSecretMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { invalidateOperations } from '../../../lib/query-keys';

/** Creates the webhook secret of a deployment, or replaces it (the old URL stops working). */
export function useRotateWebhookSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    ...rotateWebhookSecretMutation(),
    onSuccess: (_data, { path }) => invalidateOperations(queryClient, ['listDeployments', 'getDeployment'], path.name),
  });
}
