import type { PromptOpsError } from './errors';

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatMessageTemplate {
  role: ChatRole;
  template: string;
}

/** A declared variable: type, whether required, its default. */
export interface VariableMeta {
  name: string;
  type: 'string' | 'text' | 'int' | 'float' | 'bool' | 'choice' | 'json' | 'list';
  required?: boolean;
  default?: unknown;
  description?: string;
  choices?: string[];
}

/** The model a version names. */
export interface ModelConfig {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  [setting: string]: unknown;
}

/** What `GET /api/v1/prompts/{name}/resolved` answers: a version, ready to render. */
export interface ResolvedVersion {
  prompt: string;
  environment: string | null;
  version: number;
  status?: string;
  kind: 'text' | 'chat' | 'flow';
  template: string;
  messages: ChatMessageTemplate[] | null;
  variablesMeta: VariableMeta[];
  modelConfig: ModelConfig;
  /** A running rollout: the server picks each request's arm, so such prompts render there. */
  rollout?: { id: number; stickyKey: string } | null;
  /** Whether end users this key names may get drafts (debug mode): calls naming one render on the server. */
  serveDebugDrafts?: boolean;
}

/** Where an answer came from: the SDK's cache (no request made for it), the API, or the fallback. */
export type AnswerSource = 'cache' | 'network' | 'fallback';

/** What a fallback can be: a template, a whole version, or a function that makes either (called only when needed). */
export type Fallback =
  | string
  | FallbackVersion
  | ((error: PromptOpsError | null) => string | FallbackVersion | Promise<string | FallbackVersion>);

/** A version given by the caller as a fallback; what it leaves out is a plain text template. */
export type FallbackVersion = Partial<Omit<ResolvedVersion, 'template'>> & { template: string };

export interface RenderOptions {
  /** Default: the client's environment. */
  environment?: string;
  /** A published version instead of the deployment (rendered by the API). */
  version?: number;
  /** The end user the call is for: keeps them on one arm of a rollout; debug mode. */
  userId?: string;
  /** What else keeps a caller on one arm of a rollout (the `subjectKey` of the API). */
  subject?: string;
  /** Answers when the API cannot, see docs/sdk.md. */
  fallback?: Fallback;
}

export interface RenderAnswer {
  /** The rendered text (for a chat version, its messages as `# role:` sections). */
  text: string;
  /** Role messages: a chat version's, or a text template's `# system:` / `# user:` sections. */
  messages: ChatMessage[] | null;
  prompt: string;
  /** The version rendered; null for a fallback that names none. */
  version: number | null;
  environment: string | null;
  /** The rollout arm served (`baseline`, `candidate`…), when a rollout runs. */
  rolloutVariant: string | null;
  modelConfig: ModelConfig;
  source: AnswerSource;
  /** Why the answer came from a stale cache entry or the fallback: the error the API call met. */
  error?: PromptOpsError;
}

export interface GetOptions {
  environment?: string;
}

export interface RunOptions {
  environment?: string;
  version?: number;
  userId?: string;
  subject?: string;
  /** Default: the client's `runTimeoutMs`. */
  timeoutMs?: number;
}

export interface RunUsage {
  promptTokens: number;
  completionTokens: number;
  [detail: string]: unknown;
}

/** What the run API answers. */
export interface RunAnswer {
  runId: number;
  output: string;
  usage: RunUsage;
  costUsd: number | null;
  latencyMs: number;
  ttftMs?: number | null;
  finishReason?: string;
  provider?: string;
  model: string;
  version: number | null;
  environment: string | null;
  rolloutVariant?: string | null;
  [field: string]: unknown;
}

/** One event of a streamed run: the text as it comes, then the whole answer. */
export type RunStreamEvent =
  { type: 'start'; runId: number } | { type: 'delta'; text: string } | { type: 'done'; answer: RunAnswer };

export interface FlowExecuteOptions {
  environment?: string;
  version?: number;
  /** A retry with the same key within 24 h answers the first result instead of running again. */
  idempotencyKey?: string;
  timeoutMs?: number;
}

export interface PromptOpsOptions {
  /** Where the API is, e.g. `https://promptops.example.com`. */
  baseUrl: string;
  /** An API key with scope `read` (render from cache), `render`, and `run` for run/flows. */
  apiKey: string;
  /** Default environment of every call; default: the key's own, else `prod`. */
  environment?: string;
  /** How long a cached version is used without asking the API; default 60 s. */
  cacheTtlMs?: number;
  /** Per request to the API for render/get; default 2 s. */
  timeoutMs?: number;
  /** Per run or flow execution (a model answers slower); default 120 s. */
  runTimeoutMs?: number;
  /** Listen to the API's event stream so a deploy reaches the cache at once; default false. */
  push?: boolean;
  /** Another fetch (tests, proxies, instrumentation); default the global fetch. */
  fetch?: typeof fetch;
}
