/**
 * Posts a JSON body with a Content-Length, which the serving fast path answers, or chunked
 * (`chunked: true`), which goes through Fastify and Nest: tests send a request both ways and
 * require the same answer. `body` is sent as is when it is a string, else as its JSON.
 */
export function postJson(
  url: string,
  body: unknown,
  apiKey: string,
  chunked = false,
  headers: Record<string, string> = {},
): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const init: RequestInit & { duplex?: 'half' } = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers },
    body: chunked
      ? new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text));
            controller.close();
          },
        })
      : text,
    duplex: chunked ? 'half' : undefined,
  };
  return fetch(url, init);
}
