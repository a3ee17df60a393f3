import { ServerError } from './errors';
import { sendForStream } from './http';

/**
 * A body that sends one chunk and then never ends, as a hung proxy or a hostile server does;
 * aborting the request errors it, as with the global fetch.
 */
function endless(signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"detail":'));
      signal.addEventListener('abort', () => controller.error(signal.reason));
    },
  });
}

describe('requests answered with a stream', () => {
  it('answers an error whose body never ends within the timeout, instead of waiting for it forever', async () => {
    const fetch = (async (_url: string, init: RequestInit) =>
      new Response(endless(init.signal as AbortSignal), { status: 502 })) as typeof globalThis.fetch;
    const started = Date.now();
    const answer = sendForStream(
      { baseUrl: 'http://api.test', apiKey: 'k', fetch },
      { method: 'GET', path: '/api/v1/serving/events', timeoutMs: 100 },
    );
    await expect(answer).rejects.toBeInstanceOf(ServerError);
    await expect(answer).rejects.toMatchObject({ status: 502 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
