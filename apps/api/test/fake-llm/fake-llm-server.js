// @ts-check
/**
 * The one fake model server of the repo, used by the API suites (jest), the browser tests
 * (apps/web/e2e) and the hot-path benchmark (bench/hot-path). Plain CommonJS so that each of
 * them can load it as it is: TypeScript through fake-llm-server.d.ts, the .mjs scripts by import.
 */
const { createServer } = require('node:http');

const FAKE_ANSWER = 'The quick brown fox jumps over the lazy dog.';
const FAKE_USAGE = { prompt_tokens: 11, completion_tokens: 7 };
const ANTHROPIC_ANSWER = 'Hello from the fake Claude.';
const ANTHROPIC_USAGE = { input_tokens: 13, output_tokens: 6 };

/**
 * A fake OpenAI Chat Completions and Anthropic Messages server on 127.0.0.1 (a random port
 * unless one is given). The model name picks the behaviour, so one server serves every scenario:
 *
 * - `fake-no-usage`: answers without usage (also when streaming)
 * - `fake-429-once-*`: 429 (Retry-After: 0) the first time that exact model is asked, then answers
 * - `fake-429`: always 429 with Retry-After: 30
 * - `fake-401`: 401, quoting the key it was sent (as some providers do)
 * - `fake-500-once-*`: 500 the first time, then answers; `fake-500`: always 500
 * - `fake-flaky-<pct>` (e.g. `fake-flaky-30`): fails <pct> % of its requests (evenly spread over the
 *   requests for that exact model name) with a 400 that is not retried, and answers the others
 *   after `-d<ms>` if the name ends so (`fake-flaky-0-d40`: never fails, 40 ms); a canary's
 *   candidate on it fails more than a baseline on `fake-flaky-0`
 * - `fake-slow`: answers after 5 s
 * - `fake-delay-<ms>` (e.g. `fake-delay-100`): answers FAKE_ANSWER after <ms> milliseconds
 * - `fake-drip`: streams a word every 300 ms (long enough to press Stop half-way)
 * - `fake-cut`: streams half the answer, then drops the connection
 * - `fake-hang`: streams one word, then waits until the client goes away
 * - `fake-echo`: answers with the messages it received, as JSON
 * - `fake-echo-chars`: answers with the last message's content, streamed 3 characters at a time (so
 *   a placeholder such as `<EMAIL_1>` arrives split across chunks)
 * - `fake-calc`: does the arithmetic of the last user message (`What is 12 + 30?`; + - * / × ÷):
 *   `42` when the prompt asks for "the number only", else `The answer is 42.`, so a prompt variant
 *   that asks for the number only is measurably better under exact match
 * - `fake-calc-noisy-<pct>` (e.g. `fake-calc-noisy-30`): like `fake-calc`, but wrong (the answer
 *   plus 1 to 9) for about <pct> % of requests, chosen by a hash of the messages and how many
 *   identical requests this server has seen: repetitions differ, a fresh server replays the same
 *   sequence
 * - `fake-judge`: a judge for the eval-judge prompt: reads the text between `<output>` and
 *   `</output>` and between `<expected>` and `</expected>` and answers `{"score": 1, "reason": …}`
 *   when the output gives the expected answer (equal, or containing it as a word, ignoring case
 *   and a final full stop), `{"score": 0, "reason": …}` otherwise
 * - anything else: answers FAKE_ANSWER (or `answers[model]`) with FAKE_USAGE
 *
 * `POST /v1/embeddings` (OpenAI's shape, with usage) answers deterministic vectors of EMBEDDING_DIMENSIONS:
 * a hashed bag of the lower-cased words (each CJK character a word), L2-normalised, so texts
 * sharing words are close and unrelated texts far apart; an empty text is refused with 400
 * as OpenAI does. `fake-429-once-*`, `fake-429`, `fake-401`, `fake-500-once-*` and `fake-500`
 * fail there as they do for chat.
 */
class FakeLlmServer {
  /**
   * @param {{ port?: number, answers?: Record<string, string>, keepRequests?: boolean }} [options]
   * @returns {Promise<FakeLlmServer>}
   */
  static async start(options = {}) {
    const fake = new FakeLlmServer(options);
    await new Promise((resolve) => fake.server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
    return fake;
  }

  /** @param {{ answers?: Record<string, string>, keepRequests?: boolean }} options */
  constructor(options) {
    /** @type {import('./fake-llm-server').SeenRequest[]} */
    this.requests = [];
    this.answers = options.answers ?? {};
    // A benchmark sends millions of requests: it keeps none.
    this.keepRequests = options.keepRequests ?? true;
    /** @type {Map<string, number>} */
    this.seenModels = new Map();
    /** Identical calculator requests seen so far, by model and messages (the noise's key). @type {Map<string, number>} */
    this.seenCalculations = new Map();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error) => res.destroy(error));
    });
  }

  /** Root URL, e.g. `http://127.0.0.1:4567`; the OpenAI-style API lives under `/v1`. */
  get url() {
    const address = /** @type {import('node:net').AddressInfo} */ (this.server.address());
    return `http://127.0.0.1:${address.port}`;
  }

  /** @param {string} model */
  requestsFor(model) {
    return this.requests.filter((r) => r.model === model);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async handle(req, res) {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      const ids = ['fake-normal', 'fake-echo', ...Object.keys(this.answers)];
      return json(res, 200, { object: 'list', data: ids.map((id) => ({ id, object: 'model' })) });
    }
    const body = JSON.parse((await readBody(req)) || '{}');
    /** @type {import('./fake-llm-server').SeenRequest} */
    const seen = {
      path,
      model: String(body.model ?? ''),
      stream: body.stream === true,
      headers: req.headers,
      body,
      aborted: false,
    };
    if (this.keepRequests) this.requests.push(seen);
    res.on('close', () => {
      if (!res.writableFinished) seen.aborted = true;
    });
    const times = (this.seenModels.get(seen.model) ?? 0) + 1;
    this.seenModels.set(seen.model, times);

    if (path === '/v1/chat/completions') return this.openai(seen, res, times);
    if (path === '/v1/embeddings') return this.embeddings(seen, res, times);
    if (path === '/v1/messages') return this.anthropic(seen, res);
    return json(res, 404, { error: { message: `No route ${path}` } });
  }

  /**
   * @param {import('./fake-llm-server').SeenRequest} seen
   * @param {import('node:http').ServerResponse} res
   * @param {number} times
   */
  async openai(seen, res, times) {
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
    const flaky = /^fake-flaky-(\d+)(?:-d(\d+))?$/.exec(model);
    if (flaky) {
      const pct = Number(flaky[1]);
      // Request n fails when it crosses the next multiple of 100 / pct: exactly pct % of every 100.
      if (Math.floor((times * pct) / 100) > Math.floor(((times - 1) * pct) / 100)) {
        return json(res, 400, {
          error: { message: 'The fake model refused this request', type: 'invalid_request_error' },
        });
      }
      if (flaky[2]) {
        await waitOrClose(res, Number(flaky[2]));
        if (res.destroyed) return;
      }
    }
    if (model === 'fake-slow') {
      await waitOrClose(res, 5000);
      if (res.destroyed) return;
    }
    const delay = /^fake-delay-(\d+)$/.exec(model);
    if (delay) {
      await waitOrClose(res, Number(delay[1]));
      if (res.destroyed) return;
    }

    const text =
      model === 'fake-echo'
        ? JSON.stringify(seen.body.messages)
        : model === 'fake-echo-chars'
          ? String(messagesOf(seen.body).at(-1)?.content ?? '')
          : model === 'fake-cut' || model === 'fake-hang'
            ? 'The quick brown fox'
            : model === 'fake-calc' || model.startsWith('fake-calc-noisy-')
              ? this.calculate(model, messagesOf(seen.body))
              : model === 'fake-judge'
                ? judge(messagesOf(seen.body))
                : (this.answers[model] ?? FAKE_ANSWER);
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
    /** @param {unknown} data */
    const send = (data) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    /** @param {Record<string, unknown>} delta @param {string | null} [finish] */
    const chunk = (delta, finish = null) =>
      send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });

    chunk({ role: 'assistant', content: '' });
    const words = model === 'fake-echo-chars' ? (text.match(/[\s\S]{1,3}/g) ?? []) : text.split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      if (res.destroyed) return;
      chunk({ content: word });
      if (model === 'fake-drip') await waitOrClose(res, 300);
      else await pause(5);
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
    const includeUsage = seen.body.stream_options?.include_usage;
    if (usage && includeUsage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.end('data: [DONE]\n\n');
  }

  /**
   * The calculator models' answer to a conversation.
   * @param {string} model
   * @param {{ role: string, content: string }[]} messages
   */
  calculate(model, messages) {
    const last = [...messages].reverse().find((m) => m.role === 'user');
    const sum = /(-?\d+(?:\.\d+)?)\s*([-+*/×÷x])\s*(-?\d+(?:\.\d+)?)/.exec(last?.content ?? '');
    if (!sum) return 'I can only do arithmetic, such as 12 + 30.';
    const [a, op, b] = [Number(sum[1]), sum[2], Number(sum[3])];
    let answer = op === '+' ? a + b : op === '-' ? a - b : op === '/' || op === '÷' ? (b === 0 ? NaN : a / b) : a * b;
    const noisy = /^fake-calc-noisy-(\d+)$/.exec(model);
    if (noisy) {
      const key = `${model}\n${JSON.stringify(messages)}`;
      const seen = this.seenCalculations.get(key) ?? 0;
      this.seenCalculations.set(key, seen + 1);
      const hash = fnv1a(`${JSON.stringify(messages)}#${seen}`);
      if (hash % 100 < Number(noisy[1])) answer += 1 + ((hash >>> 8) % 9);
    }
    const number = Number.isFinite(answer) ? String(Number(answer.toFixed(6))) : 'undefined';
    const everything = messages.map((m) => m.content).join('\n');
    return /number only/i.test(everything) ? number : `The answer is ${number}.`;
  }

  /**
   * @param {import('./fake-llm-server').SeenRequest} seen
   * @param {import('node:http').ServerResponse} res
   * @param {number} times
   */
  async embeddings(seen, res, times) {
    const model = seen.model;
    if (model === 'fake-401') {
      return json(res, 401, { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } });
    }
    if (model === 'fake-429' || (model.startsWith('fake-429-once') && times === 1)) {
      res.setHeader('retry-after', model === 'fake-429' ? '30' : '0');
      return json(res, 429, { error: { message: 'Rate limit reached for requests', code: 'rate_limit_exceeded' } });
    }
    if (model === 'fake-500' || (model.startsWith('fake-500-once') && times === 1)) {
      return json(res, 500, { error: { message: 'The server had an error while processing your request' } });
    }
    const input = seen.body.input;
    const texts = Array.isArray(input) ? input : [input];
    if (texts.length === 0 || texts.some((t) => typeof t !== 'string' || t === '')) {
      return json(res, 400, { error: { message: "'$.input' is invalid: texts must be non-empty strings" } });
    }
    const tokens = texts.reduce((sum, text) => sum + words(text).length, 0);
    return json(res, 200, {
      object: 'list',
      data: texts.map((text, index) => ({ object: 'embedding', index, embedding: embed(text) })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  /**
   * @param {import('./fake-llm-server').SeenRequest} seen
   * @param {import('node:http').ServerResponse} res
   */
  async anthropic(seen, res) {
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
    /** @param {string} event @param {unknown} data */
    const send = (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
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

const EMBEDDING_DIMENSIONS = 128;

/** @param {Record<string, unknown>} body @returns {{ role: string, content: string }[]} */
function messagesOf(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  return messages.map((m) => ({
    role: String(m?.role ?? ''),
    content: typeof m?.content === 'string' ? m.content : JSON.stringify(m?.content ?? ''),
  }));
}

/** 32-bit FNV-1a of a text's UTF-8 bytes. @param {string} text */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Lower-cased words; each CJK character counts as one. @param {string} text */
function words(text) {
  return text.toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu) ?? [];
}

/** A hashed bag of words, L2-normalised. @param {string} text @returns {number[]} */
function embed(text) {
  const vector = new Array(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of words(text)) {
    const hash = fnv1a(word);
    vector[hash % EMBEDDING_DIMENSIONS] += hash & 0x80000000 ? -1 : 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm === 0 ? vector : vector.map((x) => Number((x / norm).toFixed(6)));
}

/**
 * The fake judge's verdict on an eval-judge prompt.
 * @param {{ role: string, content: string }[]} messages
 */
function judge(messages) {
  const text = messages.map((m) => m.content).join('\n');
  /** @param {string} tag */
  const section = (tag) => new RegExp(`<${tag}>\\n?([\\s\\S]*?)\\n?</${tag}>`).exec(text)?.[1];
  const output = section('output');
  const expected = section('expected');
  if (output === undefined || expected === undefined) {
    return JSON.stringify({ score: 0, reason: 'There is no <output> and <expected> to compare.' });
  }
  /** @param {string} value */
  const plain = (value) =>
    value
      .trim()
      .toLowerCase()
      .replace(/[.。!！]+$/u, '');
  const [said, wanted] = [plain(output), plain(expected)];
  const escaped = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const mentions = wanted !== '' && new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(said);
  return said === wanted || mentions
    ? JSON.stringify({ score: 1, reason: 'The output gives the expected answer.' })
    : JSON.stringify({ score: 0, reason: `The output does not give the expected answer (${expected.trim()}).` });
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** @param {import('node:http').IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** @param {number} ms */
function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits, but no longer than the client stays connected.
 * @param {import('node:http').ServerResponse} res
 * @param {number} ms
 * @returns {Promise<void>}
 */
function waitOrClose(res, ms) {
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

module.exports = { FakeLlmServer, FAKE_ANSWER, FAKE_USAGE, ANTHROPIC_ANSWER, ANTHROPIC_USAGE, EMBEDDING_DIMENSIONS };
