import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ErrorCode, FlowEventName, FlowStep, RunSource } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/auth/authenticated-user';
import { DomainError } from '../common/problem/domain.error';
import { problemOf } from '../common/problem/problem.filter';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { JobContext } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { InFlightRuns } from '../runs/in-flight-runs';
import { failedRunOf, RunAnswer, RunCore } from '../runs/run-core.service';
import { RunInput, RunLog } from '../runs/run-log';
import { EVENT_STREAM_HEADERS, sseEvent } from '../runs/run-replies';
import { RunsService } from '../runs/runs.service';
import { ResolutionService, ResolvedPrompt } from '../serving/resolution.service';
import { Caller, DEFAULT_ENVIRONMENT, ServingService } from '../serving/serving.service';
import { redact, RedactionPolicy, TokenVault } from '../privacy/engine/redaction-engine';
import { redactValue, strictestForLog } from '../privacy/policy-redaction';
import { PrivacyPoliciesService } from '../privacy/privacy-policies.service';
import { retirementHeaders } from '../retirement/retirement-notice';
import { RenderingService } from '../templates/rendering.service';
import { ExecuteFlowDto, TestFlowDto } from './dto/execute-flow.dto';
import { FlowRunQueuedResponseDto, FlowRunResponseDto, FlowStepResultDto } from './dto/flow-run-response.dto';
import { FlowExpressions } from './flow-expressions';
import {
  FlowStepFailedError,
  FlowStepOutputNotJsonError,
  FlowStepTimeoutError,
  FlowAbortedError,
  NotAFlowError,
} from './flow-run.errors';
import { FlowSchedulerEvent, runFlowSteps, StepCall, StepHost, StepResult } from './flow-scheduler';

export const FLOW_RUNS_QUEUE = 'flow-runs';

/** A flow run asked for: by the execute API, the test panel, a webhook, a queued job or an experiment. */
export interface FlowRunRequest {
  resolved: ResolvedPrompt;
  inputs: Record<string, unknown>;
  source: RunSource;
  /** Where steps that name no environment get their prompt versions; null means prod. */
  environment: string | null;
  apiKeyId?: number | null;
  userId?: number | null;
  /** Steps pinned to a draft version may run it (the console's test panel). */
  allowDrafts?: boolean;
  /** The id reserved for it already (a queued run). */
  flowRunId?: number;
}

/** A streamed flow run's events: the FLOW_EVENTS names and their data. */
export interface FlowEvent {
  event: FlowEventName;
  data: unknown;
}

export interface FlowRunOutcome {
  status: 'success' | 'error' | 'aborted';
  response: FlowRunResponseDto;
  /** Why it did not succeed: FLOW_STEP_FAILED naming the step, or the output's own error. */
  error?: DomainError;
}

interface QueuedFlowRun {
  flowRunId: number;
  flow: string;
  version: number;
  environment: string | null;
  inputs: Record<string, unknown>;
  apiKeyId: number | null;
  userId: number | null;
}

/** A flow run checked and given its id, not yet started. */
interface PreparedFlowRun {
  request: FlowRunRequest;
  id: number;
  inputs: Record<string, unknown>;
  log: RunInput;
  /** What the flow's own row is redacted with: every type any of its prompts' policies acts on, masked. */
  logPolicy: RedactionPolicy;
}

/**
 * Runs flows: checks the inputs, schedules the steps (flow-scheduler.ts), runs each step's
 * prompt through the one run core as a run linked to the flow run, evaluates mappings and the
 * output with the sandboxed renderer, logs the flow run, and answers JSON, server-sent events
 * or a queued run; Idempotency-Key makes a retried execute answer the first run's result.
 */
@Injectable()
export class FlowExecutionService implements OnModuleInit {
  private readonly logger = new Logger(FlowExecutionService.name);

  constructor(
    private readonly serving: ServingService,
    private readonly resolution: ResolutionService,
    private readonly rendering: RenderingService,
    private readonly expressions: FlowExpressions,
    private readonly core: RunCore,
    private readonly log: RunLog,
    private readonly inFlight: InFlightRuns,
    private readonly runs: RunsService,
    private readonly jobs: JobsService,
    private readonly idempotency: IdempotencyService,
    private readonly privacy: PrivacyPoliciesService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<QueuedFlowRun>(FLOW_RUNS_QUEUE, (job, ctx) => this.runQueued(job, ctx), { attempts: 1 });
  }

  /**
   * Runs a flow to its end and logs it. Throws only for what stops it before it starts (inputs
   * missing or of the wrong type, not a flow); a failing step is an outcome, not an exception.
   */
  async runFlow(
    request: FlowRunRequest,
    options: { signal?: AbortSignal; onEvent?: (event: FlowEvent) => void } = {},
  ): Promise<FlowRunOutcome> {
    return this.execute(await this.prepare(request), options);
  }

  async executeFlow(
    name: string,
    body: ExecuteFlowDto,
    caller: Caller,
    idempotencyKey: string | undefined,
    reply: FastifyReply,
  ): Promise<FlowRunResponseDto | FlowRunQueuedResponseDto | undefined> {
    if (idempotencyKey !== undefined) this.idempotency.assertValidKey(idempotencyKey);
    const { resolved, retirement } = await this.serving.resolve(name, body, caller);
    if (resolved.kind !== 'flow') throw new NotAFlowError(name);
    reply.headers(retirementHeaders(retirement));
    const request: FlowRunRequest = {
      resolved,
      inputs: body.inputs ?? {},
      source: 'api',
      environment: resolved.environment ?? body.environment ?? caller.apiKey?.environment ?? DEFAULT_ENVIRONMENT,
      apiKeyId: caller.apiKey?.id ?? null,
      userId: caller.user?.id ?? null,
    };
    const prepared = await this.prepare(request);

    let claim: number | undefined;
    if (idempotencyKey !== undefined) {
      const scope = caller.apiKey ? `key:${caller.apiKey.id}` : `user:${caller.user?.id ?? 'anonymous'}`;
      const found = await this.idempotency.claim(
        scope,
        idempotencyKey,
        this.idempotency.requestHash(name, { ...body, inputs: body.inputs ?? {} }),
      );
      if (found.kind === 'replay') return this.replay(found.status, found.body, body.stream === true, reply);
      claim = found.id;
    }
    let stored = false;
    const remember = async (status: number, answer: unknown) => {
      if (claim === undefined) return;
      await this.idempotency.complete(claim, { status, body: answer, runId: prepared.id });
      stored = true;
    };

    try {
      if (body.mode === 'queue') {
        const queued = await this.enqueue(prepared);
        await remember(202, queued);
        reply.status(202);
        return queued;
      }
      if (body.stream) {
        await this.stream(prepared, reply, remember);
        return undefined;
      }
      const outcome = await this.execute(prepared);
      if (outcome.error) {
        await remember(outcome.error.status, problemOf(outcome.error));
        throw outcome.error;
      }
      await remember(200, outcome.response);
      return outcome.response;
    } catch (error) {
      // Nothing was stored (the run log or the queue refused): a retry may run it afresh.
      if (claim !== undefined && !stored) await this.idempotency.release(claim);
      throw error;
    }
  }

  /** The console's test panel: any version (the latest by default), steps from `environment` (prod). */
  async testFlow(
    name: string,
    body: TestFlowDto,
    actor: Actor,
    reply: FastifyReply,
  ): Promise<FlowRunResponseDto | undefined> {
    const resolved = body.version
      ? await this.resolution.resolveVersion(name, body.version, true)
      : await this.resolution.resolveLatest(name);
    if (resolved.kind !== 'flow') throw new NotAFlowError(name);
    const prepared = await this.prepare({
      resolved,
      inputs: body.inputs ?? {},
      source: 'playground',
      environment: body.environment ?? DEFAULT_ENVIRONMENT,
      userId: actor.user?.id ?? null,
      allowDrafts: true,
    });
    if (body.stream) {
      await this.stream(prepared, reply, async () => undefined);
      return undefined;
    }
    const outcome = await this.execute(prepared);
    if (outcome.error) throw outcome.error;
    return outcome.response;
  }

  /** Inputs checked (a missing one answers `Missing variable: {{name}}`) and an id reserved. */
  private async prepare(request: FlowRunRequest): Promise<PreparedFlowRun> {
    const { resolved } = request;
    if (resolved.kind !== 'flow' || !resolved.flow) throw new NotAFlowError(resolved.prompt);
    const inputs = this.rendering.checkVariables(resolved.variablesMeta, request.inputs);
    const id = request.flowRunId ?? (await this.log.nextId());
    // Each step is redacted by its own prompt's policy in the run core; the flow's row holds
    // the flow's inputs and answer, which are masked for whatever any of those policies protects.
    const logPolicy = strictestForLog(
      await Promise.all([
        this.privacy.effective(resolved.prompt, request.environment),
        ...resolved.flow.steps.map((step) =>
          this.privacy.effective(
            step.prompt.name,
            step.prompt.environment ?? request.environment ?? DEFAULT_ENVIRONMENT,
          ),
        ),
      ]),
    );
    return {
      request,
      id,
      inputs,
      logPolicy,
      log: {
        source: request.source,
        kind: 'flow',
        promptName: resolved.prompt,
        promptVersion: resolved.version,
        environment: request.environment,
        variables: redactValue(inputs, logPolicy, new TokenVault()) as Record<string, unknown>,
        input: [],
        provider: '',
        model: '',
        parameters: {},
        userId: request.userId ?? null,
        apiKeyId: request.apiKeyId ?? null,
        rolloutId: resolved.rolloutId ?? null,
        rolloutVariant: resolved.rolloutVariant ?? null,
      },
    };
  }

  private async execute(
    prepared: PreparedFlowRun,
    options: { signal?: AbortSignal; onEvent?: (event: FlowEvent) => void } = {},
  ): Promise<FlowRunOutcome> {
    const { request, id } = prepared;
    const definition = request.resolved.flow!;
    const emit = options.onEvent ?? (() => undefined);
    // Listed as running while under way, and aborted like any run when the server shuts down.
    const flight = this.inFlight.add(id, prepared.log, options.signal);
    const started = performance.now();
    try {
      emit({
        event: 'flow.started',
        data: {
          flowRunId: id,
          flow: request.resolved.prompt,
          version: request.resolved.version,
          environment: request.environment,
        },
      });
      const host = this.stepHost(prepared, options.onEvent !== undefined);
      const outcome = await runFlowSteps(definition, prepared.inputs, host, {
        signal: flight.controller.signal,
        onEvent: (event) => emit(this.stepEvent(event, definition.steps)),
      });
      const steps = outcome.steps.map((result, index) => stepResult(result, definition.steps[index]));
      let output: unknown = null;
      let error: DomainError | undefined;
      if (outcome.status === 'success') {
        try {
          output = await this.expressions.value(definition.output, outcome.context);
        } catch (thrown) {
          error = thrown instanceof DomainError ? thrown : new FlowStepFailedError(id, 'output', thrown, steps);
        }
      } else if (outcome.status === 'error') {
        error = new FlowStepFailedError(id, outcome.failedStep as string, outcome.error, steps);
      } else {
        error = new FlowAbortedError(id);
      }
      const response = this.response(prepared, steps, output, Math.round(performance.now() - started));
      const status = outcome.status === 'success' && error ? 'error' : outcome.status;
      await this.log.write(id, flight.startedAt, prepared.log, {
        status,
        output:
          output === null
            ? null
            : redact(typeof output === 'string' ? output : JSON.stringify(output), prepared.logPolicy, new TokenVault())
                .text,
        errorCode: error ? (outcome.status === 'aborted' ? ErrorCode.RUN_ABORTED : error.code) : null,
        errorMessage: error?.detail ?? null,
        promptTokens: response.usage.promptTokens,
        completionTokens: response.usage.completionTokens,
        usageEstimated: response.usage.estimated,
        costUsd: response.costUsd,
        latencyMs: response.latencyMs,
      });
      if (error) error.extensions.flowRunId ??= id;
      return { status, response, error };
    } finally {
      this.inFlight.remove(id);
    }
  }

  /** What the scheduler needs to know of steps: mappings, conditions and calls through the run core. */
  private stepHost(prepared: PreparedFlowRun, deltas: boolean): StepHost {
    const { request, id } = prepared;
    return {
      mapInputs: async (step, context) => {
        const variables: Record<string, unknown> = {};
        for (const [name, template] of Object.entries(step.inputs ?? {})) {
          variables[name] = await this.expressions.value(template, context);
        }
        return variables;
      },
      test: (expression, context) => this.expressions.test(expression, context),
      call: async (step, variables, signal, onDelta) => {
        const environment = step.prompt.environment ?? request.environment ?? DEFAULT_ENVIRONMENT;
        const version = await this.serving.retireStepPrompt(
          step.prompt.version
            ? await this.resolution.resolveVersion(step.prompt.name, step.prompt.version, request.allowDrafts === true)
            : await this.resolution.resolveDeployed(step.prompt.name, environment),
          environment,
        );
        const override = Object.fromEntries(Object.entries(step.model ?? {}).filter(([, v]) => v !== undefined));
        const plan = await this.core.plan({
          source: 'flow',
          prompt: version.prompt,
          version: version.version,
          environment: version.environment,
          render: version,
          variables,
          modelConfig: { ...version.modelConfig, ...override },
          userId: request.userId ?? null,
          apiKeyId: request.apiKeyId ?? null,
          parentRunId: id,
          stepId: step.id,
        });
        let answer: RunAnswer | undefined;
        if (!deltas) answer = await this.core.run(plan, signal);
        else {
          for await (const event of this.core.stream(plan, signal)) {
            if (event.type === 'delta') onDelta(event.text);
            else if (event.type === 'done') answer = event.answer;
            else if (event.type === 'error') throw event.error;
          }
        }
        if (!answer) throw new Error(`Step ${step.id} ended without an answer`);
        return stepCall(answer);
      },
      retryable: (error) =>
        error instanceof DomainError &&
        (error.status === 429 || error.status >= 500) &&
        error.code !== ErrorCode.SERVICE_UNAVAILABLE &&
        error.code !== ErrorCode.PROVIDER_AUTH_FAILED,
      failedCall: (error) => failedRunOf(error),
      timeoutError: (step, timeoutMs) => new FlowStepTimeoutError(step.id, timeoutMs),
      parseError: (step) => new FlowStepOutputNotJsonError(step.id),
    };
  }

  private stepEvent(event: FlowSchedulerEvent, steps: FlowStep[]): FlowEvent {
    switch (event.type) {
      case 'step.started':
        return { event: event.type, data: { step: event.step } };
      case 'step.delta':
        return { event: event.type, data: { step: event.step, text: event.text } };
      default: {
        const definition = steps.find((s) => s.id === event.step) as FlowStep;
        return { event: event.type, data: { step: event.step, ...stepResult(event.result, definition) } };
      }
    }
  }

  private response(
    prepared: PreparedFlowRun,
    steps: FlowStepResultDto[],
    output: unknown,
    latencyMs: number,
  ): FlowRunResponseDto {
    const priced = steps.filter((s) => s.costUsd !== null);
    return {
      flowRunId: prepared.id,
      flow: prepared.request.resolved.prompt,
      version: prepared.request.resolved.version,
      environment: prepared.request.environment,
      output,
      steps,
      usage: {
        promptTokens: steps.reduce((sum, s) => sum + s.usage.promptTokens, 0),
        completionTokens: steps.reduce((sum, s) => sum + s.usage.completionTokens, 0),
        estimated: steps.some((s) => s.usage.estimated),
      },
      costUsd: priced.length ? Number(priced.reduce((sum, s) => sum + (s.costUsd as number), 0).toFixed(10)) : null,
      latencyMs,
    };
  }

  /**
   * Server-sent events of a run. A client that goes away does not stop the flow: it runs to its
   * end and is logged; only the writing stops.
   */
  private async stream(
    prepared: PreparedFlowRun,
    reply: FastifyReply,
    remember: (status: number, answer: unknown) => Promise<void>,
  ): Promise<void> {
    const response = reply.raw;
    reply.hijack();
    response.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...EVENT_STREAM_HEADERS });
    const write = (name: string, data: unknown) => writeEvent(response, name, data);
    let outcome: FlowRunOutcome;
    try {
      outcome = await this.execute(prepared, { onEvent: (e) => write(e.event, e.data) });
    } catch (error) {
      write('flow.failed', problemOf(error));
      if (!response.destroyed && !response.writableEnded) response.end();
      throw error;
    }
    if (outcome.error) {
      const problem = problemOf(outcome.error);
      await remember(outcome.error.status, problem);
      write('flow.failed', problem);
    } else {
      await remember(200, outcome.response);
      write('flow.completed', outcome.response);
    }
    if (!response.destroyed && !response.writableEnded) response.end();
  }

  /** A stored answer again: as it was, or as the final event of a stream. */
  private replay(
    status: number,
    body: unknown,
    stream: boolean,
    reply: FastifyReply,
  ): FlowRunResponseDto | FlowRunQueuedResponseDto | undefined {
    reply.header('idempotent-replayed', 'true');
    if (stream && status !== 202) {
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...EVENT_STREAM_HEADERS });
      writeEvent(response, status === 200 ? 'flow.completed' : 'flow.failed', body);
      response.end();
      return undefined;
    }
    reply.status(status);
    if (status >= 400) reply.header('content-type', 'application/problem+json; charset=utf-8');
    return body as FlowRunResponseDto;
  }

  private async enqueue(prepared: PreparedFlowRun): Promise<FlowRunQueuedResponseDto> {
    const { request, id } = prepared;
    const job: QueuedFlowRun = {
      flowRunId: id,
      flow: request.resolved.prompt,
      version: request.resolved.version,
      environment: request.environment,
      inputs: prepared.inputs,
      apiKeyId: request.apiKeyId ?? null,
      userId: request.userId ?? null,
    };
    await this.jobs.enqueue(FLOW_RUNS_QUEUE, [{ id: `flow-run-${id}`, data: job }]);
    return {
      flowRunId: id,
      flow: job.flow,
      version: job.version,
      environment: job.environment,
      location: `/api/v1/runs/${id}`,
    };
  }

  /** A queued run, on whichever process takes the job; a run already logged is not run again. */
  private async runQueued(job: QueuedFlowRun, ctx: JobContext): Promise<void> {
    if (await this.isLogged(job.flowRunId)) return;
    const resolved = await this.resolution.resolveVersion(job.flow, job.version, true);
    const outcome = await this.runFlow(
      {
        resolved,
        inputs: job.inputs,
        source: 'api',
        environment: job.environment,
        apiKeyId: job.apiKeyId,
        userId: job.userId,
        flowRunId: job.flowRunId,
      },
      { signal: ctx.signal },
    );
    if (outcome.status === 'aborted') throw new Error('Shutting down: the flow run will be retried');
    this.logger.log(`Queued flow run ${job.flowRunId} of "${job.flow}" ended: ${outcome.status}`);
  }

  private async isLogged(id: number): Promise<boolean> {
    try {
      await this.runs.getRun(id);
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.RUN_NOT_FOUND) return false;
      throw error;
    }
  }
}

function writeEvent(response: ServerResponse, name: string, data: unknown): void {
  if (!response.destroyed && !response.writableEnded) response.write(sseEvent(name, data));
}

function stepCall(answer: RunAnswer): StepCall {
  return {
    output: answer.output,
    runId: answer.runId,
    promptVersion: answer.version,
    promptTokens: answer.usage.promptTokens,
    completionTokens: answer.usage.completionTokens,
    usageEstimated: answer.usage.estimated,
    costUsd: answer.costUsd,
    latencyMs: answer.latencyMs,
  };
}

function stepResult(result: StepResult, step: FlowStep): FlowStepResultDto {
  return {
    id: result.id,
    status: result.status,
    output: result.output,
    runId: result.runId,
    prompt: step.prompt.name,
    promptVersion: result.promptVersion,
    attempts: result.attempts,
    usage: {
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      estimated: result.usageEstimated,
    },
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    ...(result.error !== undefined ? { error: problemOf(result.error) } : {}),
  };
}
