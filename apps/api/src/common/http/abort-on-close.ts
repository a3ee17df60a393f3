import type { ServerResponse } from 'node:http';

/**
 * Aborts when the client goes away before the answer is complete: the connection closed while
 * the response was still unfinished. Works for ordinary and hijacked (streamed) replies, and
 * for answers written straight to Node's response.
 */
export function abortOnClose(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
