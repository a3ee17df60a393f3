import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

/**
 * The connections PromptOps keeps to model providers: one undici agent for the process, a
 * pool of kept-alive connections per provider origin. Timeouts are the gateway's own (each
 * attempt, then each pause between streamed tokens), so undici's are off.
 */
export const providerDispatcher = new Agent({
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  headersTimeout: 0,
  bodyTimeout: 0,
});

export interface ProviderResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

/** One HTTP request to a provider over the shared pools; the body is read by the caller. */
export async function providerRequest(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
): Promise<ProviderResponse> {
  const answer = await request(url, {
    dispatcher: providerDispatcher,
    method: init.method as 'POST',
    headers: init.headers,
    body: init.body,
    signal: init.signal,
  });
  return { status: answer.statusCode, headers: flatHeaders(answer.headers), body: answer.body };
}

/**
 * A `fetch` for the AI SDK's providers over the same pools. Node's global `fetch` builds the
 * whole WHATWG request pipeline on every call, which costs more CPU than the exchange itself
 * (measured in docs/performance.md); this does the request with undici's plain client and
 * hands the SDK a standard `Response`. Whole answers are read first (a `Response` over a string
 * is cheap); event streams are passed through as they arrive.
 */
export async function providerFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const headers =
    init.headers instanceof Headers
      ? Object.fromEntries(init.headers)
      : Array.isArray(init.headers)
        ? Object.fromEntries(init.headers)
        : ((init.headers as Record<string, string> | undefined) ?? {});
  if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
    throw new TypeError('providerFetch sends string bodies only');
  }
  const answer = await providerRequest(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body ?? undefined,
    signal: init.signal ?? undefined,
  });
  const responseInit = {
    status: answer.status,
    statusText: STATUS_CODES[answer.status] ?? '',
    headers: answer.headers,
  };
  if (answer.status === 204 || answer.status === 304) {
    answer.body.resume();
    return new Response(null, responseInit);
  }
  if ((answer.headers['content-type'] ?? '').includes('text/event-stream')) {
    return new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, responseInit);
  }
  return new Response(await readText(answer.body), responseInit);
}

/** The whole body as text. */
export async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
