import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the fake saw of one request. */
export interface SeenRequest {
  path: string;
  model: string;
  stream: boolean;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The client went away before the answer was complete. */
  aborted: boolean;
}

export const FAKE_ANSWER = 'The quick brown fox jumps over the lazy dog.';
export const FAKE_USAGE = { prompt_tokens: 11, completion_tokens: 7 };
export const ANTHROPIC_ANSWER = 'Hello from the fake Claude.';
export const ANTHROPIC_USAGE = { input_tokens: 13, output_tokens: 6 };

/**
 * A fake OpenAI Chat Completions and Anthropic Messages server on 127.0.0.1 and a random port.
 * The model name picks the behaviour, so one server serves every scenario of a suite:
 *
 * - `fake-no-usage`: answers without usage (also when streaming)
 * - `fake-429-once-*`: 429 (Retry-After: 0) the first time that exact model is asked, then answers
 * - `fake-429`: always 429 with Retry-After: 30
 * - `fake-401`: 401, quoting the key it was sent (as some providers do)
 * - `fake-500-once-*`: 500 the first time, then answers; `fake-500`: always 500
 * - `fake-slow`: answers after 5 s
 * - `fake-cut`: streams half the answer, then drops the connection
 * - `fake-hang`: streams one word, then waits until the client goes away
 * - `fake-echo`: answers with the messages it received, as JSON
 * - anything else: answers FAKE_ANSWER with FAKE_USAGE
 */
export class FakeLlmServer {
  readonly requests: SeenRequest[] = [];
  private readonly server: Server;
  private readonly seenModels = new Map<string, number>();

  private constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.destroy(error as Error);
      });
    });
  }

  static async start(): Promise<FakeLlmServer> {
    const fake = new FakeLlmServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Root URL, e.g. `http://127.0.0.1:4567`; the OpenAI-style API lives under `/v1`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  requestsFor(model: string): SeenRequest[] {
    return this.requests.filter((r) => r.model === model);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      return json(res, 200, { object: 'list', data: [{ id: 'fake-normal' }, { id: 'fake-echo' }] });
    }
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const seen: SeenRequest = {
      path,
      model: String(body.model ?? ''),
      stream: body.stream === true,
      headers: req.headers,
      body,
      aborted: false,
    };
    this.requests.push(seen);
    res.on('close', () => {
      if (!res.writableFinished) seen.aborted = true;
    });
    const times = (this.seenModels.get(seen.model) ?? 0) + 1;
    this.seenModels.set(seen.model, times);

    if (path === '/v1/chat/completions') return this.openai(seen, res, times);
    if (path === '/v1/messages') return this.anthropic(seen, res);
    return json(res, 404, { error: { message: `No route ${path}` } });
  }

  private async openai(seen: SeenRequest, res: ServerResponse, times: number): Promise<void> {
    const model = seen.model;
    if (model === 'fake-401') {
      const key = String(seen.headers.authorization ?? '').replace(/^Bearer /, '');
      return json(res, 401, {
        error: {
          message: `Incorrect API key provided: ${key}`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    }
    if (model === 'fake-429' || (model.startsWith('fake-429-once') && times === 1)) {
      res.setHeader('retry-after', model === 'fake-429' ? '30' : '0');
      return json(res, 429, {
        error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
      });
    }
    if (model === 'fake-500' || (model.startsWith('fake-500-once') && times === 1)) {
      return json(res, 500, {
        error: { message: 'The server had an error while processing your request', type: 'server_error' },
      });
    }
    if (model === 'fake-slow') {
      await waitOrClose(res, 5000);
      if (res.destroyed) return;
    }

    const text =
      model === 'fake-echo'
        ? JSON.stringify(seen.body.messages)
        : model === 'fake-cut' || model === 'fake-hang'
          ? 'The quick brown fox'
          : FAKE_ANSWER;
    const usage = model === 'fake-no-usage' ? undefined : { ...FAKE_USAGE, total_tokens: 18 };
    const base = { id: 'chatcmpl-fake', created: 1700000000, model };

    if (!seen.stream) {
      return json(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        ...(usage ? { usage } : {}),
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });

    chunk({ role: 'assistant', content: '' });
    const words = text.split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      chunk({ content: word });
      await pause(5);
      if (model === 'fake-hang') {
        await waitOrClose(res, 30000);
        return;
      }
      if (model === 'fake-cut' && i === 1) {
        res.destroy();
        return;
      }
    }
    chunk({}, 'stop');
    const includeUsage = (seen.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage;
    if (usage && includeUsage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.end('data: [DONE]\n\n');
  }

  private async anthropic(seen: SeenRequest, res: ServerResponse): Promise<void> {
    if (seen.headers['x-api-key'] !== 'sk-ant-fake-key') {
      return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
    }
    const message = {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model: seen.model,
      stop_sequence: null,
    };
    if (!seen.stream) {
      return json(res, 200, {
        ...message,
        content: [{ type: 'text', text: ANTHROPIC_ANSWER }],
        stop_reason: 'end_turn',
        usage: ANTHROPIC_USAGE,
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('message_start', {
      type: 'message_start',
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { input_tokens: ANTHROPIC_USAGE.input_tokens, output_tokens: 1 },
      },
    });
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    for (const word of ANTHROPIC_ANSWER.split(/(?<= )/)) {
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } });
      await pause(5);
    }
    send('content_block_stop', { type: 'content_block_stop', index: 0 });
    send('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: ANTHROPIC_USAGE.output_tokens },
    });
    send('message_stop', { type: 'message_stop' });
    res.end();
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits, but no longer than the client stays connected. */
function waitOrClose(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}
