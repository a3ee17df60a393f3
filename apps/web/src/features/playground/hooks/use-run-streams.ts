import type { PlaygroundRunResponseDto } from '@promptops/api-client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { invalidateOperations } from '../../../lib/query-keys';
import { type RunRequest, streamRun } from '../stream-run';

export type RunPhase = 'streaming' | 'done' | 'error' | 'aborted';

export interface RunState {
  phase: RunPhase;
  runId?: number;
  /** What has arrived so far; the whole answer once done. */
  output: string;
  result?: PlaygroundRunResponseDto;
  error?: unknown;
  /** The provider and model asked for, to label a run before its answer names them. */
  provider?: string;
  model?: string;
}

function labelOf(request: RunRequest): Pick<RunState, 'provider' | 'model'> {
  return { provider: request.body.provider, model: request.body.model };
}

/**
 * Streams Playground runs (`createPlaygroundRun` / `rerunPlaygroundRun` with `stream: true`),
 * several at once for compare mode, each under its own key; Stop aborts the request, which the API
 * logs as an aborted run.
 */
export function useRunStreams() {
  const queryClient = useQueryClient();
  const [runs, setRuns] = useState<Record<string, RunState>>({});
  const controllers = useRef(new Map<string, AbortController>());

  const patch = useCallback((key: string, change: Partial<RunState>) => {
    setRuns((current) => ({ ...current, [key]: { ...current[key], ...change } }));
  }, []);

  const start = useCallback(
    (key: string, request: RunRequest) => {
      controllers.current.get(key)?.abort();
      const controller = new AbortController();
      controllers.current.set(key, controller);
      setRuns((current) => ({ ...current, [key]: { phase: 'streaming', output: '', ...labelOf(request) } }));
      const refresh = () => invalidateOperations(queryClient, ['listPlaygroundRuns', 'getPlaygroundRun']);
      streamRun(request, controller.signal, {
        onStart: (runId) => {
          patch(key, { runId });
          void refresh();
        },
        onDelta: (text) =>
          setRuns((current) => ({ ...current, [key]: { ...current[key], output: current[key].output + text } })),
      })
        .then((result) => patch(key, { phase: 'done', result, output: result.output }))
        .catch((error: unknown) =>
          patch(key, controller.signal.aborted ? { phase: 'aborted' } : { phase: 'error', error }),
        )
        .finally(() => {
          if (controllers.current.get(key) === controller) controllers.current.delete(key);
          void refresh();
        });
    },
    [patch, queryClient],
  );

  const stop = useCallback((key?: string) => {
    for (const [k, controller] of controllers.current) if (key === undefined || k === key) controller.abort();
  }, []);

  const clear = useCallback(() => {
    stop();
    setRuns({});
  }, [stop]);

  // Leaving the page stops what is still streaming.
  useEffect(() => () => controllers.current.forEach((controller) => controller.abort()), []);

  const streaming = Object.values(runs).some((run) => run.phase === 'streaming');
  return { runs, start, stop, clear, streaming };
}
