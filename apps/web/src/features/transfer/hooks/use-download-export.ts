import { exportBundle } from '@promptops/api-client';
import { useMutation } from '@tanstack/react-query';

/**
 * Downloads the whole instance as a bundle (`promptops/v1`). A plain link cannot send the bearer
 * token, so it is fetched through the signed client and handed to the browser as a Blob.
 */
export function useDownloadExport() {
  return useMutation({
    mutationFn: async ({ latest }: { latest: boolean }) => {
      const { data } = await exportBundle({ query: { latest }, parseAs: 'blob', throwOnError: true });
      const url = URL.createObjectURL(data as unknown as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `promptops-export-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
