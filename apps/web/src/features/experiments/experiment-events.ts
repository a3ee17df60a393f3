import type { ExperimentResponseDto } from '@promptops/api-client';
import { session } from '../../lib/session';
import { readServerSentEvents } from '../../lib/server-sent-events';

interface EventHandlers {
  onProgress(experiment: ExperimentResponseDto): void;
  onEnd(): void;
}

/**
 * Follows `GET /api/v1/experiments/{id}/events` until its `end` event. The generated client
 * cannot read a stream, so this is a `fetch` with the session's bearer token, like the
 * Playground's. Resolves when the stream ends (with or without `end`: the caller decides whether
 * to reconnect), rejects on an HTTP error, and with an `AbortError` when `signal` fires.
 */
export async function followExperimentEvents(
  id: number,
  signal: AbortSignal,
  handlers: EventHandlers,
): Promise<boolean> {
  const token = session.getToken();
  const response = await fetch(`/api/v1/experiments/${id}/events`, {
    headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    signal,
  });
  if (!response.ok || !response.body) {
    if (response.status === 401) session.signOut('expired');
    throw (await response.json().catch(() => null)) ?? new Error(response.statusText);
  }
  for await (const { event, data } of readServerSentEvents(response.body)) {
    if (event === 'progress') handlers.onProgress(data as ExperimentResponseDto);
    else if (event === 'end') {
      handlers.onEnd();
      return true;
    }
  }
  return false;
}
