import { getExperimentOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';
import { isUnderWay } from '../experiment-status';

/** How long after it ends an experiment is still checked: calls under way at a cancel land afterwards. */
const SETTLING_MS = 120_000;

/** One experiment with its progress; while it runs, useExperimentEvents keeps it current. */
export function useExperiment(id: number) {
  return useQuery({
    ...getExperimentOptions({ path: { id } }),
    refetchInterval: ({ state: { data } }) => {
      if (!data || isUnderWay(data.status) || !data.finishedAt) return false;
      return Date.now() - Date.parse(data.finishedAt) < SETTLING_MS ? 5000 : false;
    },
  });
}
