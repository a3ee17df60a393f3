import { ApiError, NetworkError } from './errors';
import type { StoredLogin } from './config';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** The Accept header; JSON unless given. */
  accept?: string;
}

/** The PromptOps REST API over global fetch, with problem+json answers turned into `ApiError`s. */
export class ApiClient {
  private readonly base: string;

  constructor(private readonly login: StoredLogin) {
    this.base = login.url.replace(/\/+$/, '');
  }

  get url(): string {
    return this.base;
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  async text(method: string, path: string, options: RequestOptions = {}): Promise<string> {
    return (await this.send(method, path, options)).text();
  }

  /** The raw answer once it has succeeded, for streams. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(`${this.base}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (this.login.apiKey) headers['x-api-key'] = this.login.apiKey;
    else if (this.login.accessToken) headers.authorization = `Bearer ${this.login.accessToken}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new NetworkError(
        `cannot reach ${this.base} (${cause?.code ?? cause?.message ?? (error as Error).message})`,
      );
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }
}

async function problemOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  let problem: { code?: string; detail?: string; title?: string; errors?: { field?: string; message?: string }[] } = {};
  try {
    problem = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page): its first line says enough.
  }
  const fields = (problem.errors ?? []).map((e) => [e.field, e.message].filter(Boolean).join(': ')).join('; ');
  const detail = problem.detail ?? problem.title ?? (text.split('\n')[0].slice(0, 200) || response.statusText);
  return new ApiError(
    response.status,
    problem.code,
    fields && !detail.includes(fields) ? `${detail} (${fields})` : detail,
  );
}
