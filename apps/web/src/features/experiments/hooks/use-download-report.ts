import { getExperimentReport } from '@promptops/api-client';
import { useMutation } from '@tanstack/react-query';

type ReportFormat = 'junit' | 'markdown';

const FILES: Record<ReportFormat, { extension: string; type: string }> = {
  junit: { extension: 'xml', type: 'application/xml' },
  markdown: { extension: 'md', type: 'text/markdown' },
};

/**
 * Downloads an experiment's report. A plain link cannot send the bearer token, so the file is
 * fetched through the signed client and handed to the browser as a Blob.
 */
export function useDownloadReport() {
  return useMutation({
    mutationFn: async ({ id, format }: { id: number; format: ReportFormat }) => {
      const { data } = await getExperimentReport({
        path: { id },
        query: { format },
        parseAs: 'text',
        throwOnError: true,
      });
      const file = FILES[format];
      const url = URL.createObjectURL(new Blob([data as unknown as string], { type: file.type }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `experiment-${id}.${file.extension}`;
      document.body.append(link);
      link.click();
      link.remove();
      // The download has started from the object URL; give it a moment before freeing it.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}
