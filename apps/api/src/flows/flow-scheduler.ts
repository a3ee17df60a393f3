/**
 * Runs a flow definition's steps as a graph, with no framework and no I/O of its own: what a
 * step means (its mappings, its condition, its model call) is the host's business. Steps whose
 * dependencies have all ended start at once, up to the definition's concurrency; each attempt
 * has its own timeout; failures that retrying can fix are retried; `onError` decides whether
 * the flow goes on.
 */
import {
  DEFAULT_FLOW_CONCURRENCY,
  DEFAULT_FLOW_STEP_TIMEOUT_MS,
  FlowDefinition,
  FlowStep,
  FlowStepStatus,
} from '@promptops/shared';
import { analyzeFlow } from './flow-graph';

/** What mappings, conditions and the output see. */
export interface FlowContext {
  inputs: Record<string, unknown>;
  steps: Record<string, { output: unknown; status: FlowStepStatus }>;
}

/** One model call of a step, as the host reports it. */
export interface StepCall {
  output: string;
  runId: number | null;
  promptVersion: number | null;
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  costUsd: number | null;
  latencyMs: number;
}

/** What a failed attempt cost (a call cut off half-way was still partly paid for). */
export interface FailedCall {
  runId: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
}

export interface StepHost {
  /** The step's variables from its mappings; throws (not retried) when a mapping fails. */
  mapInputs(step: FlowStep, context: FlowContext): Promise<Record<string, unknown>>;
  /** Jinja2 truthiness of `when`. */
  test(expression: string, context: FlowContext): Promise<boolean>;
  /** One attempt's model call; `signal` aborts on the step's timeout or the flow's abort. */
  call(
    step: FlowStep,
    variables: Record<string, unknown>,
    signal: AbortSignal,
    onDelta: (text: string) => void,
  ): Promise<StepCall>;
  /** Whether another attempt may succeed (provider errors, timeouts), not a template error. */
  retryable(error: unknown): boolean;
  /** What a failed attempt's call cost, if it got that far. */
  failedCall(error: unknown): FailedCall | null;
  /** The error of an attempt that ran out of time. */
  timeoutError(step: FlowStep, timeoutMs: number): unknown;
  /** The error of a step whose output did not parse as JSON. */
  parseError(step: FlowStep, text: string): unknown;
}

export interface StepResult {
  id: string;
  status: FlowStepStatus;
  output: unknown;
  runId: number | null;
  promptVersion: number | null;
  attempts: number;
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  costUsd: number | null;
  latencyMs: number;
  error?: unknown;
}

export type FlowSchedulerEvent =
  | { type: 'step.started'; step: string }
  | { type: 'step.delta'; step: string; text: string }
  | { type: 'step.completed'; step: string; result: StepResult }
  | { type: 'step.skipped'; step: string; result: StepResult }
  | { type: 'step.failed'; step: string; result: StepResult };

export interface FlowOutcome {
  status: 'success' | 'error' | 'aborted';
  /** Every step, in definition order (`pending` for those that never started). */
  steps: StepResult[];
  context: FlowContext;
  /** The step whose failure ended the flow. */
  failedStep?: string;
  error?: unknown;
}

/** The output of a parseJson step: the text as JSON, or the first ```json fenced block in it. */
export function parseStepJson(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/i.exec(trimmed);
    if (!fenced) throw new SyntaxError('not JSON');
    return JSON.parse(fenced[1]);
  }
}

function emptyResult(id: string, status: FlowStepStatus): StepResult {
  return {
    id,
    status,
    output: null,
    runId: null,
    promptVersion: null,
    attempts: 0,
    promptTokens: 0,
    completionTokens: 0,
    usageEstimated: false,
    costUsd: null,
    latencyMs: 0,
  };
}

/**
 * Runs `definition` to its end. Never throws for a step's failure: the outcome says how the flow
 * ended. `signal` aborts the whole flow (the steps under way are aborted and logged by the host).
 */
export async function runFlowSteps(
  definition: FlowDefinition,
  inputs: Record<string, unknown>,
  host: StepHost,
  options: { signal?: AbortSignal; onEvent?: (event: FlowSchedulerEvent) => void } = {},
): Promise<FlowOutcome> {
  const emit = options.onEvent ?? (() => undefined);
  const context: FlowContext = { inputs, steps: {} };
  const results = new Map<string, StepResult>(definition.steps.map((s) => [s.id, emptyResult(s.id, 'pending')]));
  // The same references that validation checks: a step waits for every step its mappings or `when` read.
  const dependencies = analyzeFlow(definition, Object.keys(inputs)).dependsOn;
  const concurrency = Math.max(1, definition.concurrency ?? DEFAULT_FLOW_CONCURRENCY);
  const stop = new AbortController();
  const flowSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const ended = new Set<string>();
  const started = new Set<string>();
  const running = new Map<string, Promise<void>>();
  let failure: { step: string; error: unknown } | undefined;

  const ready = () =>
    definition.steps.filter(
      (s) => !started.has(s.id) && (dependencies.get(s.id) ?? []).every((d) => ended.has(d) || !results.has(d)),
    );

  const runStep = async (step: FlowStep): Promise<void> => {
    emit({ type: 'step.started', step: step.id });
    const result = emptyResult(step.id, 'running');
    const began = performance.now();
    const finish = (status: FlowStepStatus) => {
      result.status = status;
      result.latencyMs = Math.round(performance.now() - began);
      results.set(step.id, result);
      context.steps[step.id] = { output: result.output, status };
      ended.add(step.id);
    };
    try {
      if (step.when !== undefined && step.when.trim() !== '' && !(await host.test(step.when, context))) {
        finish('skipped');
        emit({ type: 'step.skipped', step: step.id, result });
        return;
      }
      const variables = await host.mapInputs(step, context);
      const output = await attempt(step, variables, result);
      result.output = output;
      finish('success');
      emit({ type: 'step.completed', step: step.id, result });
    } catch (error) {
      result.error = error;
      const mode = step.onError?.mode ?? 'fail';
      if (mode === 'fallback') result.output = step.onError?.value ?? null;
      finish('error');
      emit({ type: 'step.failed', step: step.id, result });
      // Steps cut off by the flow's own abort do not count as the reason it ended.
      if (mode === 'fail' && !failure && !options.signal?.aborted) {
        failure = { step: step.id, error };
        stop.abort();
      }
    }
  };

  /** The step's attempts: each with its own timeout; retried while retrying can help. */
  const attempt = async (step: FlowStep, variables: Record<string, unknown>, result: StepResult): Promise<unknown> => {
    const timeoutMs = step.timeoutMs ?? DEFAULT_FLOW_STEP_TIMEOUT_MS;
    const retries = step.retries ?? 0;
    for (let n = 1; ; n++) {
      result.attempts = n;
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), timeoutMs);
      const signal = AbortSignal.any([flowSignal, timeout.signal]);
      try {
        const call = await host.call(step, variables, signal, (text) =>
          emit({ type: 'step.delta', step: step.id, text }),
        );
        add(result, call);
        result.usageEstimated ||= call.usageEstimated;
        result.promptVersion = call.promptVersion;
        if (!step.parseJson) return call.output;
        try {
          return parseStepJson(call.output);
        } catch {
          throw host.parseError(step, call.output);
        }
      } catch (thrown) {
        const spent = host.failedCall(thrown);
        if (spent) add(result, spent);
        const error = timeout.signal.aborted && !flowSignal.aborted ? host.timeoutError(step, timeoutMs) : thrown;
        if (flowSignal.aborted || n > retries || !host.retryable(error)) throw error;
      } finally {
        clearTimeout(timer);
      }
    }
  };

  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure || flowSignal.aborted) {
        if (running.size === 0) resolve();
        return;
      }
      for (const step of ready()) {
        if (running.size >= concurrency) break;
        started.add(step.id);
        const work = runStep(step).finally(() => {
          running.delete(step.id);
          pump();
        });
        running.set(step.id, work);
      }
      if (running.size === 0) resolve();
    };
    pump();
  });

  const steps = definition.steps.map((s) => results.get(s.id) as StepResult);
  if (options.signal?.aborted) return { status: 'aborted', steps, context };
  if (failure) return { status: 'error', steps, context, failedStep: failure.step, error: failure.error };
  return { status: 'success', steps, context };
}

/** Adds an attempt's tokens and cost to its step's: the step's totals are what its runs cost. */
function add(result: StepResult, call: FailedCall): void {
  result.runId = call.runId ?? result.runId;
  result.promptTokens += call.promptTokens;
  result.completionTokens += call.completionTokens;
  if (call.costUsd !== null) result.costUsd = Number(((result.costUsd ?? 0) + call.costUsd).toFixed(10));
}
