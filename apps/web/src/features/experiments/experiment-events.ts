import type { ExperimentResponseDto } from '@promptops/api-client';
import { session } from '../../lib/session';

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
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return false;
    buffer += value.replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) continue;
      if (event === 'progress') handlers.onProgress(JSON.parse(data.join('\n')) as ExperimentResponseDto);
      else if (event === 'end') {
        handlers.onEnd();
        await reader.cancel().catch(() => undefined);
        return true;
      }
    }
  }
}
