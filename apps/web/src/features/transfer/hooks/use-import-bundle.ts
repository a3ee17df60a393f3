import { importBundleMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation, useQueryClient } from '@tanstack/react-query';

/** An import (or its dry run); a real one can touch every list in the console. */
export function useImportBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    ...importBundleMutation(),
    onSuccess: (report) => {
      if (!report.dryRun && report.changed) return queryClient.invalidateQueries();
    },
  });
}
