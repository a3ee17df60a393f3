import { ErrorCode } from '@promptops/shared';
import { DomainError, NotFoundError } from '../common/problem/domain.error';
import { problemOf } from '../common/problem/problem.filter';
import type { FlowStepResultDto } from './dto/flow-run-response.dto';

/** A prompt was asked to run as a flow. */
export class NotAFlowError extends NotFoundError {
  constructor(name: string) {
    super(ErrorCode.FLOW_NOT_FOUND, `"${name}" is a prompt, not a flow: run it with POST /api/v1/run/${name}`);
  }
}

/** A step with `onError: fail` failed: the answer carries the step's status and every step's result. */
export class FlowStepFailedError extends DomainError {
  constructor(flowRunId: number, step: string, cause: unknown, steps: FlowStepResultDto[]) {
    const problem = problemOf(cause);
    super(
      problem.status,
      ErrorCode.FLOW_STEP_FAILED,
      problem.title,
      `Step "${step}" failed: ${problem.detail}`,
      undefined,
      {
        flowRunId,
        step,
        steps,
      },
    );
  }
}

/** One attempt of a step ran out of its `timeoutMs`. */
export class FlowStepTimeoutError extends DomainError {
  constructor(step: string, timeoutMs: number) {
    super(504, ErrorCode.PROVIDER_TIMEOUT, 'Gateway Timeout', `Step "${step}" did not answer within ${timeoutMs} ms`);
  }
}

/** A `parseJson` step's answer was not JSON. */
export class FlowStepOutputNotJsonError extends DomainError {
  constructor(step: string) {
    super(
      422,
      ErrorCode.TEMPLATE_RENDER_ERROR,
      'Unprocessable Content',
      `Step "${step}" has parseJson, but its answer is not JSON (a \`\`\`json block is accepted too)`,
    );
  }
}

/** The flow was stopped before it ended (the server shutting down). */
export class FlowAbortedError extends DomainError {
  constructor(flowRunId: number) {
    super(
      503,
      ErrorCode.SERVICE_UNAVAILABLE,
      'Service Unavailable',
      'The flow run was stopped before it ended',
      undefined,
      {
        flowRunId,
      },
    );
  }
}
