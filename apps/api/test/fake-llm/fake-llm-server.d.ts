import type { IncomingMessage } from 'node:http';

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

export interface FakeLlmOptions {
  /** Default: a free port. */
  port?: number;
  /** Answer texts by model name, instead of FAKE_ANSWER. */
  answers?: Record<string, string>;
  /** Record every request in `requests` (default true). */
  keepRequests?: boolean;
}

export declare const FAKE_ANSWER: string;
export declare const FAKE_USAGE: { prompt_tokens: number; completion_tokens: number };
export declare const ANTHROPIC_ANSWER: string;
export declare const ANTHROPIC_USAGE: { input_tokens: number; output_tokens: number };
/** Length of the vectors `/v1/embeddings` answers. */
export declare const EMBEDDING_DIMENSIONS: number;

/** See fake-llm-server.js for the behaviour each model name selects. */
export declare class FakeLlmServer {
  static start(options?: FakeLlmOptions): Promise<FakeLlmServer>;
  readonly requests: SeenRequest[];
  /** Root URL, e.g. `http://127.0.0.1:4567`; the OpenAI-style API lives under `/v1`. */
  readonly url: string;
  requestsFor(model: string): SeenRequest[];
  close(): Promise<void>;
}
