import { getExperimentOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

/** One experiment with its progress; while it runs, useExperimentEvents keeps it current. */
export function useExperiment(id: number) {
  return useQuery(getExperimentOptions({ path: { id } }));
}
