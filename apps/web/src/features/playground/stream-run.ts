import type {
  CreatePlaygroundRunDto,
  PlaygroundRunResponseDto,
  ProblemDetailsDto,
  RerunDto,
} from '@promptops/api-client';
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

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
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
      const payload: unknown = JSON.parse(data.join('\n'));
      if (event === 'start') handlers.onStart((payload as { runId: number }).runId);
      else if (event === 'delta') handlers.onDelta((payload as { text: string }).text);
      else if (event === 'done') return payload as PlaygroundRunResponseDto;
      else if (event === 'error') throw payload;
    }
  }
  throw problem(502, 'The answer ended before it was complete.');
}
