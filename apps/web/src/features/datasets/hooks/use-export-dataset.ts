import type { DatasetFileFormat } from '@promptops/api-client';
import { exportDatasetItems } from '@promptops/api-client';
import { useMutation } from '@tanstack/react-query';

/**
 * Downloads a version's items. A plain link cannot send the bearer token, so the file is fetched
 * through the signed client and handed to the browser as a Blob.
 */
export function useExportDataset() {
  return useMutation({
    mutationFn: async ({ name, format, version }: { name: string; format: DatasetFileFormat; version?: number }) => {
      const { data } = await exportDatasetItems({
        path: { name },
        query: { format, version },
        parseAs: 'blob',
        throwOnError: true,
      });
      const url = URL.createObjectURL(data as unknown as Blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `${name}${version ? `-v${version}` : ''}.${format}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
