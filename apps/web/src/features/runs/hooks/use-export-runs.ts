import type { ExportRunsData } from '@promptops/api-client';
import { exportRuns } from '@promptops/api-client';
import { useMutation } from '@tanstack/react-query';

/**
 * Downloads the runs a filter matches as CSV. A plain link cannot send the bearer token, so the
 * file is fetched through the signed client and handed to the browser as a Blob.
 */
export function useExportRuns() {
  return useMutation({
    mutationFn: async (query: ExportRunsData['query']) => {
      const { data } = await exportRuns({ query, parseAs: 'blob', throwOnError: true });
      // The operation is typed as text (its OpenAPI schema); `parseAs` made it a Blob.
      const url = URL.createObjectURL(data as unknown as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `runs-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      // The download has started from the object URL; give it a moment before freeing it.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
