import type { FastifyReply } from 'fastify';

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
