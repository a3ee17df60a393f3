import type { FlowRunResponseDto, ProblemDetailsDto, TestFlowDto } from '@promptops/api-client';
import type { FlowEventName } from '@promptops/shared';
import { readServerSentEvents } from '../../lib/server-sent-events';
import { session } from '../../lib/session';

/** A step event: `step.started` and `step.delta` carry the step (and text); the others its FlowStepResultDto too. */
export interface FlowStepEvent {
  /** The step's id. */
  step: string;
  /** A `step.delta`'s text. */
  text?: string;
  [key: string]: unknown;
}

function problem(status: number, detail: string): ProblemDetailsDto {
  return { type: 'about:blank', title: 'Error', status, detail, code: 'STREAM_FAILED' } as ProblemDetailsDto;
}

/**
 * Runs a flow version from the test panel as server-sent events and resolves with the
 * `flow.completed` answer. The generated client cannot read a stream, so this is a `fetch` on the
 * same path with the same bearer token. Rejects with the API's problem (`flow.failed` too).
 */
export async function streamFlowTest(
  name: string,
  body: TestFlowDto,
  signal: AbortSignal,
  onStepEvent: (event: FlowEventName, data: FlowStepEvent) => void,
): Promise<FlowRunResponseDto> {
  const token = session.getToken();
  const response = await fetch(`/api/v1/flows/${encodeURIComponent(name)}/test`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'text/event-stream',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ ...body, stream: true }),
    signal,
  });
  if (!response.ok || !response.body) {
    if (response.status === 401) session.signOut('expired');
    const answer: unknown = await response.json().catch(() => null);
    throw answer ?? problem(response.status, response.statusText);
  }
  for await (const { event, data } of readServerSentEvents(response.body)) {
    if (event === 'flow.completed') return data as FlowRunResponseDto;
    if (event === 'flow.failed' || event === 'error') throw data;
    if (event.startsWith('step.')) onStepEvent(event as FlowEventName, data as FlowStepEvent);
  }
  throw problem(502, 'The answer ended before it was complete.');
}
