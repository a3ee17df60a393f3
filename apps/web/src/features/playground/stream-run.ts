import type {
  CreatePlaygroundRunDto,
  PlaygroundRunResponseDto,
  ProblemDetailsDto,
  RerunDto,
} from '@promptops/api-client';
import { readServerSentEvents } from '../../lib/server-sent-events';
import { session } from '../../lib/session';

/** A new run from the form, or a logged run again (optionally on another model). */
export type RunRequest =
  { kind: 'create'; body: CreatePlaygroundRunDto } | { kind: 'rerun'; id: number; body: RerunDto };

interface StreamHandlers {
  onStart(runId: number): void;
  onDelta(text: string): void;
}

function problem(status: number, detail: string): ProblemDetailsDto {
  return { type: 'about:blank', title: 'Error', status, detail, code: 'STREAM_FAILED' } as ProblemDetailsDto;
}

/**
 * Runs on the Playground API as server-sent events and resolves with the `done` answer. The
 * generated client cannot read a stream, so this is the one call made with `fetch`: same path,
 * same bearer token. Rejects with the API's problem, or with an `AbortError` when `signal` fires.
 */
export async function streamRun(
  request: RunRequest,
  signal: AbortSignal,
  handlers: StreamHandlers,
): Promise<PlaygroundRunResponseDto> {
  const url = request.kind === 'create' ? '/api/v1/playground/runs' : `/api/v1/playground/runs/${request.id}/rerun`;
  const token = session.getToken();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ ...request.body, stream: true }),
    signal,
  });
  if (!response.ok || !response.body) {
    if (response.status === 401) session.signOut('expired');
    const body: unknown = await response.json().catch(() => null);
    throw body ?? problem(response.status, response.statusText);
  }

  for await (const { event, data } of readServerSentEvents(response.body)) {
    if (event === 'start') handlers.onStart((data as { runId: number }).runId);
    else if (event === 'delta') handlers.onDelta((data as { text: string }).text);
    else if (event === 'done') return data as PlaygroundRunResponseDto;
    else if (event === 'error') throw data;
  }
  throw problem(502, 'The answer ended before it was complete.');
}
