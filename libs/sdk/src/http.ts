import { errorOf, NetworkError, PromptOpsError, Timeout } from './errors';

export interface HttpOptions {
  baseUrl: string;
  apiKey: string;
  fetch: typeof fetch;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export interface JsonAnswer<T> {
  status: number;
  headers: Headers;
  /** Undefined for 304 and 204. */
  body: T | undefined;
}

/**
 * A JSON request to the API: sends the key, enforces the timeout on the whole exchange and
 * turns every failure into a typed error.
 */
export function sendJson<T>(http: HttpOptions, request: HttpRequest): Promise<JsonAnswer<T>> {
  return exchange(http, request, true, async (response) => ({
    status: response.status,
    headers: response.headers,
    body: response.status === 204 || response.status === 304 ? undefined : ((await response.json()) as T),
  }));
}

/**
 * A request answered with a stream: the timeout runs until the headers arrive; `signal` stops
 * reading the stream later.
 */
export function sendForStream(http: HttpOptions, request: HttpRequest, signal?: AbortSignal): Promise<Response> {
  return exchange(http, request, false, async (response) => response, signal);
}

async function exchange<T>(
  http: HttpOptions,
  request: HttpRequest,
  timeWholeBody: boolean,
  read: (response: Response) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const what = `${request.method} ${request.path}`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop);
  try {
    const response = await http.fetch(http.baseUrl + request.path, {
      method: request.method,
      headers: {
        'x-api-key': http.apiKey,
        accept: timeWholeBody ? 'application/json' : 'text/event-stream',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...request.headers,
      },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
      signal: controller.signal,
    });
    // An error's body is read under the timeout too: one that never ends must not hang the caller.
    if (response.status >= 400) {
      throw errorOf(response.status, await bodyOf(response), response.headers.get('retry-after'));
    }
    if (!timeWholeBody) clearTimeout(timer);
    return await read(response);
  } catch (error) {
    if (error instanceof PromptOpsError) throw error;
    if (timedOut) throw new Timeout(what, request.timeoutMs);
    throw new NetworkError(what, error);
  } finally {
    clearTimeout(timer);
    // A stream stays tied to the caller's signal: aborting it later must stop the reading too.
    if (timeWholeBody) signal?.removeEventListener('abort', stop);
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
