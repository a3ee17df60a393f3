import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { abortOnClose } from '../common/http/abort-on-close';
import { problemOf } from '../common/problem/problem.filter';
import type { RunAnswer, RunCore, RunEvent, RunPlan } from './run-core.service';

/**
 * The adapters between the run core and HTTP: a run answered as JSON, or as a
 * `text/event-stream` of `start` ({runId}), `delta` ({text})…, then `done` (the JSON answer)
 * or `error` (a problem). Used by the run API (Nest route and fast path), webhooks and the
 * Playground, so every caller gets the same events.
 */

export const EVENT_STREAM_HEADERS: OutgoingHttpHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // Tell reverse proxies (nginx) not to buffer: every delta must reach the client at once.
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
};

/**
 * Writes a run's events on a raw response. Nothing is written until the first event: a run
 * refused before it starts (the server shutting down) is thrown, for a problem answer. Once
 * the client has gone, events are still read to the end, so the run is aborted and logged.
 */
export async function writeRunEvents(
  response: ServerResponse,
  events: AsyncIterable<RunEvent>,
  headers: OutgoingHttpHeaders = {},
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  let next = await iterator.next();
  response.writeHead(200, { ...headers, ...EVENT_STREAM_HEADERS });
  let corked = false;
  const uncork = () => {
    corked = false;
    response.uncork();
  };
  for (; !next.done; next = await iterator.next()) {
    if (response.destroyed || response.writableEnded) continue;
    // Events that arrive in the same tick (a provider's chunk often holds several deltas) go
    // out in one write rather than one each.
    if (!corked) {
      corked = true;
      response.cork();
      process.nextTick(uncork);
    }
    response.write(eventText(next.value));
  }
  if (!response.destroyed && !response.writableEnded) response.end();
}

/** One server-sent event: its name and its data as JSON. */
export function sseEvent(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function eventText(event: RunEvent): string {
  switch (event.type) {
    case 'start':
      return `event: start\ndata: ${JSON.stringify({ runId: event.runId })}\n\n`;
    case 'delta':
      return `event: delta\ndata: ${JSON.stringify({ text: event.text })}\n\n`;
    case 'done':
      return `event: done\ndata: ${JSON.stringify(event.answer)}\n\n`;
    case 'error':
      return `event: error\ndata: ${JSON.stringify(problemOf(event.error))}\n\n`;
  }
}

/**
 * For Nest routes: the run's answer (Nest sends it as JSON), or with `stream` its events on
 * the reply, which Fastify hands over; headers already set on the reply (security headers,
 * rate limits) go out with the stream.
 */
export async function replyWithRun(
  core: RunCore,
  plan: RunPlan,
  stream: boolean,
  reply: FastifyReply,
): Promise<RunAnswer | undefined> {
  const signal = abortOnClose(reply.raw);
  if (!stream) return core.run(plan, signal);
  const events = core.stream(plan, signal);
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  reply.hijack();
  await writeRunEvents(reply.raw, prepend(first, iterator), reply.getHeaders() as OutgoingHttpHeaders);
  return undefined;
}

/** The events again, with the first one (already read) in front. */
async function* prepend<T>(first: IteratorResult<T>, rest: AsyncIterator<T>): AsyncGenerator<T> {
  for (let next = first; !next.done; next = await rest.next()) yield next.value;
}
