/**
 * Flows: prompts chained as a graph of steps. A flow is a prompt of type `flow`; its versions
 * hold a definition instead of a template, and it is versioned, deployed, rolled back and
 * called by webhook exactly as a prompt is.
 */

/** What a registry entry is: a prompt (text or chat versions) or a flow (flow versions). */
export const PROMPT_TYPES = ['prompt', 'flow'] as const;
export type PromptType = (typeof PROMPT_TYPES)[number];

/** Most steps a flow may have. */
export const MAX_FLOW_STEPS = 50;
/** Steps of one flow run under way at once, unless the definition says otherwise. */
export const DEFAULT_FLOW_CONCURRENCY = 8;
export const MAX_FLOW_CONCURRENCY = 32;
/** A step's model call, unless the step says otherwise. */
export const DEFAULT_FLOW_STEP_TIMEOUT_MS = 120_000;
export const MAX_FLOW_STEP_TIMEOUT_MS = 600_000;
export const MAX_FLOW_STEP_RETRIES = 5;
/** A step id: how mappings name it (`steps.<id>.output`). */
export const FLOW_STEP_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What a failing step does to its flow. */
export const FLOW_ON_ERROR_MODES = ['fail', 'skip', 'fallback'] as const;
export type FlowOnErrorMode = (typeof FLOW_ON_ERROR_MODES)[number];

export interface FlowOnError {
  mode: FlowOnErrorMode;
  /** With `fallback`: the step's output when it fails (text, or any JSON value with parseJson). */
  value?: unknown;
}

/** Which version of a prompt a step runs: what an environment serves, or a pinned version. */
export interface FlowPromptRef {
  name: string;
  /** Serve what this environment serves (default: the environment the flow runs in). */
  environment?: string;
  /** A pinned version number; wins over `environment`. */
  version?: number;
}

export interface FlowModelOverride {
  provider?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
}

export interface FlowStep {
  id: string;
  /** Shown in the editor and the run log. */
  label?: string;
  prompt: FlowPromptRef;
  /**
   * Each variable of the step's prompt ← a Jinja2 template over `inputs` and earlier `steps`,
   * e.g. `{{ steps.extract.output }}`. A mapping that is exactly one expression keeps the value's
   * type (an object stays an object); anything else renders to text.
   */
  inputs: Record<string, string>;
  /** A Jinja2 expression (no braces); when false the step is skipped, e.g. `steps.classify.output.urgent`. */
  when?: string;
  model?: FlowModelOverride;
  timeoutMs?: number;
  retries?: number;
  onError?: FlowOnError;
  /** The output is parsed as JSON (fenced ```json blocks accepted), so later mappings can index it. */
  parseJson?: boolean;
  /** Where the editor drew the node; ignored by execution. */
  position?: { x: number; y: number };
}

/** A flow version's definition. The flow's inputs are the version's `variablesMeta`. */
export interface FlowDefinition {
  steps: FlowStep[];
  /** Jinja2 template of the flow's answer over `inputs` and `steps`; one expression keeps its type. */
  output: string;
  /** Steps under way at once (default DEFAULT_FLOW_CONCURRENCY). */
  concurrency?: number;
}

export const FLOW_STEP_STATUSES = ['pending', 'running', 'success', 'error', 'skipped'] as const;
export type FlowStepStatus = (typeof FLOW_STEP_STATUSES)[number];

/** Server-sent events of a streamed flow run, in order: each step's start, deltas and end, then the flow's. */
export const FLOW_EVENTS = [
  'flow.started',
  'step.started',
  'step.delta',
  'step.completed',
  'step.skipped',
  'step.failed',
  'flow.completed',
  'flow.failed',
] as const;
export type FlowEventName = (typeof FLOW_EVENTS)[number];

/** Problems a definition can have; each names the steps it concerns. */
export const FLOW_ISSUE_KINDS = [
  'cycle',
  'unknown_step',
  'unknown_input',
  'unknown_prompt',
  'prompt_is_flow',
  'unfilled_variable',
  'unknown_variable',
  'duplicate_step',
  'invalid_step_id',
  'too_many_steps',
  'syntax',
  'version_not_found',
] as const;
export type FlowIssueKind = (typeof FLOW_ISSUE_KINDS)[number];

export interface FlowIssue {
  kind: FlowIssueKind;
  /** The steps concerned; empty for the flow's output or the whole definition. */
  steps: string[];
  /** Where in the step: `inputs.question`, `when`, `output`… */
  field?: string;
  message: string;
}
