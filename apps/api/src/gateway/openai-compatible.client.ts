import { STATUS_CODES } from 'node:http';
import { APICallError } from 'ai';
import { createParser } from 'eventsource-parser';
import type { ChatRequest, EmbedRequest } from './gateway.types';
import { apiRoot } from './language-models';
import { providerRequest, readText } from './provider-http';

/** What one attempt at a model call brings back, whichever client made it. */
export interface ModelReply {
  usage: { inputTokens?: number; outputTokens?: number } | undefined;
  finishReason: string;
}

/**
 * Chat Completions spoken directly, for `openai-compatible` and `ollama` providers (vLLM,
 * LiteLLM Proxy, Ollama…): the request the AI SDK's openai-compatible provider sends, and its
 * reading of the answer — text, usage, finish reason, `error.message` of a refusal — without
 * its per-call machinery, which costs several times the HTTP exchange (docs/performance.md).
 * The gateway wraps both clients in the same timeouts, retries and error mapping, and its
 * test suite runs against each (`GATEWAY_CLIENT`).
 */
export async function completeChat(request: ChatRequest, signal: AbortSignal): Promise<ModelReply & { text: string }> {
  const { url, headers, body } = chatCall(request, false);
  const answer = await providerRequest(url, { method: 'POST', headers, body, signal });
  const text = await readText(answer.body);
  if (answer.status >= 300) throw refusal(url, answer.status, answer.headers, text);
  const json = parseJson(text) as ChatCompletion;
  const choice = json.choices?.[0];
  if (!choice) throw new Error('Response did not contain any choices.');
  return { text: contentText(choice.message?.content), usage: usageOf(json.usage), finishReason: finish(choice) };
}

/** A streamed answer: `onText` gets each piece of text as it arrives. */
export async function streamChat(
  request: ChatRequest,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<ModelReply> {
  const { url, headers, body } = chatCall(request, true);
  const answer = await providerRequest(url, { method: 'POST', headers, body, signal });
  if (answer.status >= 300) throw refusal(url, answer.status, answer.headers, await readText(answer.body));
  let usage: ModelReply['usage'];
  let finishReason = 'unknown';
  let failure: Error | undefined;
  const parser = createParser({
    onEvent: (event) => {
      if (failure || event.data === '[DONE]') return;
      const chunk = parseJson(event.data) as ChatCompletionChunk;
      if (chunk.error) {
        failure = new Error(errorMessage(chunk.error) ?? 'The provider reported an error mid-stream');
        return;
      }
      if (chunk.usage) usage = usageOf(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) return;
      const text = contentText(choice.delta?.content);
      if (text) onText(text);
      if (choice.finish_reason) finishReason = finish(choice);
    },
  });
  // undici's body ignores setEncoding: decode the bytes, keeping characters split across chunks.
  const decoder = new TextDecoder();
  for await (const piece of answer.body) {
    parser.feed(decoder.decode(piece as Uint8Array, { stream: true }));
    if (failure) {
      answer.body.destroy();
      throw failure;
    }
  }
  return { usage, finishReason };
}

/** Embeddings (`/embeddings`, OpenAI's shape): one vector per text, in the order given. */
export async function embedTexts(
  request: EmbedRequest,
  signal: AbortSignal,
): Promise<{ embeddings: number[][]; promptTokens: number | undefined }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'promptops' };
  if (request.connection.apiKey) headers.authorization = `Bearer ${request.connection.apiKey}`;
  const url = `${apiRoot(request.connection)}/embeddings`;
  const body = JSON.stringify({ model: request.model, input: request.texts, encoding_format: 'float' });
  const answer = await providerRequest(url, { method: 'POST', headers, body, signal });
  const text = await readText(answer.body);
  if (answer.status >= 300) throw refusal(url, answer.status, answer.headers, text);
  const json = parseJson(text) as {
    data?: { index?: number; embedding?: unknown }[];
    usage?: { prompt_tokens?: number | null } | null;
  };
  const embeddings: number[][] = [];
  for (const [position, item] of (json.data ?? []).entries()) {
    const vector = item.embedding;
    if (!Array.isArray(vector) || vector.some((x) => typeof x !== 'number')) {
      throw new Error('The provider answered an embedding that is not a list of numbers');
    }
    embeddings[item.index ?? position] = vector as number[];
  }
  if (embeddings.length !== request.texts.length || embeddings.includes(undefined as never)) {
    throw new Error(`The provider answered ${embeddings.length} embeddings for ${request.texts.length} texts`);
  }
  return { embeddings, promptTokens: json.usage?.prompt_tokens ?? undefined };
}

function chatCall(request: ChatRequest, stream: boolean) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'promptops' };
  if (request.connection.apiKey) headers.authorization = `Bearer ${request.connection.apiKey}`;
  // Undefined settings drop out of the JSON, as the SDK leaves them out.
  const body = JSON.stringify({
    model: request.model,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop?.length ? request.stop : undefined,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  return { url: `${apiRoot(request.connection)}/chat/completions`, headers, body };
}

interface ChatChoice {
  message?: { content?: unknown };
  delta?: { content?: unknown };
  finish_reason?: string | null;
}
interface ChatUsageJson {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}
interface ChatCompletion {
  choices?: ChatChoice[];
  usage?: ChatUsageJson | null;
}
interface ChatCompletionChunk extends ChatCompletion {
  error?: unknown;
}

/** Content is a string, null, or (some servers) a list of text parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part: { text?: unknown }) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

function usageOf(usage: ChatUsageJson | null | undefined): ModelReply['usage'] {
  if (!usage) return undefined;
  return { inputTokens: usage.prompt_tokens ?? undefined, outputTokens: usage.completion_tokens ?? undefined };
}

/** The AI SDK's names for the finish reasons. */
function finish(choice: ChatChoice): string {
  switch (choice.finish_reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool-calls';
    default:
      return 'other';
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`The provider answered something other than JSON: ${text.slice(0, 200)}`);
  }
}

/** A refused call, in the same error type the SDK throws, so the gateway maps both alike. */
function refusal(url: string, status: number, headers: Record<string, string>, body: string): APICallError {
  let message: string | undefined;
  try {
    message = errorMessage((JSON.parse(body) as { error?: unknown }).error);
  } catch {
    message = undefined;
  }
  return new APICallError({
    message: message ?? `${status} ${STATUS_CODES[status] ?? ''}`.trim(),
    url,
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    responseBody: body,
  });
}

function errorMessage(error: unknown): string | undefined {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}
