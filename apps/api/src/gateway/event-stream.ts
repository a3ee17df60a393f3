import { ErrorCode } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/problem/domain.error';

const PROBLEM_TYPE_BASE = 'https://promptops.dev/problems/';

/**
 * A `text/event-stream` answer written straight to the socket (Fastify hands the reply over
 * with `hijack()`): the format of every streamed model answer, `start`, `delta`…, then `done`
 * or `error`.
 */
export class EventStream {
  private constructor(private readonly reply: FastifyReply) {}

  static open(reply: FastifyReply): EventStream {
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tell reverse proxies (nginx) not to buffer: every delta must reach the browser at once.
      'x-accel-buffering': 'no',
    });
    return new EventStream(reply);
  }

  get closed(): boolean {
    return this.reply.raw.destroyed || this.reply.raw.writableEnded;
  }

  send(event: string, data: unknown): void {
    if (!this.closed) this.reply.raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (!this.closed) this.reply.raw.end();
  }
}

/**
 * Aborts when the client goes away before the answer is complete: the connection closed while
 * the response was still unfinished. Works for ordinary and hijacked (streamed) replies.
 */
export function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const response = reply.raw;
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The problem+json body of an error, for an `error` event (the HTTP filter's format). */
export function problemOf(error: unknown): Record<string, unknown> {
  if (error instanceof DomainError) {
    return {
      type: PROBLEM_TYPE_BASE + slug(error.code),
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extensions,
    };
  }
  return {
    type: PROBLEM_TYPE_BASE + slug(ErrorCode.INTERNAL_ERROR),
    title: 'Internal Server Error',
    status: 500,
    detail: 'An unexpected error occurred; it has been logged',
    code: ErrorCode.INTERNAL_ERROR,
  };
}

function slug(code: string): string {
  return code.toLowerCase().replace(/_/g, '-');
}
