import { getExperimentQueryKey } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { invalidateOperations } from '../../../lib/query-keys';
import { followExperimentEvents } from '../experiment-events';
import { isUnderWay } from '../experiment-status';

const RECONNECT_MS = [1000, 2000, 5000, 10_000];

/**
 * While `live`, follows the experiment's progress events into the cached experiment (so the
 * page's progress bar moves without polling); once it ends, refetches what depends on its
 * results: summary, grid, the list. A dropped stream reconnects, backing off.
 */
export function useExperimentEvents(id: number, live: boolean) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!live) return;
    const controller = new AbortController();
    const key = getExperimentQueryKey({ path: { id } });
    let refreshed = false;
    const ended = () => {
      if (refreshed) return;
      refreshed = true;
      void invalidateOperations(queryClient, [
        'getExperiment',
        'getExperimentSummary',
        'getExperimentGrid',
        'listExperiments',
      ]);
    };
    void (async () => {
      for (let attempt = 0; !controller.signal.aborted; attempt++) {
        try {
          const finished = await followExperimentEvents(id, controller.signal, {
            onProgress: (experiment) => {
              attempt = 0;
              // The last progress already shows the end state, which stops this effect: refresh now.
              if (!isUnderWay(experiment.status)) ended();
              queryClient.setQueryData(key, experiment);
            },
            onEnd: ended,
          });
          if (finished) return;
        } catch {
          if (controller.signal.aborted) return;
        }
        const delay = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)];
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    })();
    return () => controller.abort();
  }, [id, live, queryClient]);
}
