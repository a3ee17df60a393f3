import type { IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import { ExperimentStatus } from '@promptops/shared';
import type { ExperimentsService } from './experiments.service';

const POLL_MS = 500;
/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
const ENDED: ExperimentStatus[] = ['completed', 'failed', 'cancelled', 'budget_exceeded'];

/**
 * Progress as server-sent events: `progress` with the experiment whenever it changes, then
 * `end` once it has ended. It reads the database, so it works whichever replica or worker is
 * doing the work.
 */
export async function streamExperimentEvents(
  experiments: ExperimentsService,
  id: number,
  request: IncomingMessage,
  reply: FastifyReply,
): Promise<void> {
  const response = reply.raw;
  const closed = new AbortController();
  request.on('close', () => closed.abort());
  reply.hijack();
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let last = '';
  let quietSince = Date.now();
  try {
    while (!closed.signal.aborted) {
      const experiment = await experiments.get(id);
      const text = JSON.stringify(experiment);
      if (text !== last) {
        last = text;
        quietSince = Date.now();
        response.write(`event: progress\ndata: ${text}\n\n`);
      } else if (Date.now() - quietSince >= KEEPALIVE_MS) {
        quietSince = Date.now();
        response.write(': keep-alive\n\n');
      }
      if (ENDED.includes(experiment.status)) {
        response.write(`event: end\ndata: ${JSON.stringify({ status: experiment.status })}\n\n`);
        break;
      }
      await sleep(POLL_MS, undefined, { signal: closed.signal }).catch(() => undefined);
    }
  } catch {
    // The experiment was deleted while someone watched it: the stream just ends.
  } finally {
    if (!response.writableEnded) response.end();
  }
}
