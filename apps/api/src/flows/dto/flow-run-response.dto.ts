import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FLOW_STEP_STATUSES, FlowStepStatus } from '@promptops/shared';
import { RunUsageDto } from '../../runs/dto/run-response.dto';
import { ProblemDetailsDto } from '../../common/problem/problem-details.dto';

export class FlowStepResultDto {
  /** @example extract */
  id!: string;

  @ApiProperty({ enum: FLOW_STEP_STATUSES, enumName: 'FlowStepStatus' })
  status!: FlowStepStatus;

  /** The step's output: text, or the parsed value with parseJson; null when skipped. */
  @ApiPropertyOptional({ description: 'Text or any JSON value', nullable: true })
  output!: unknown;

  /** The step's run in the run log (the last attempt); null when skipped before any call. */
  runId!: number | null;

  /** The prompt and version the step ran. */
  prompt!: string;

  promptVersion!: number | null;

  attempts!: number;

  usage!: RunUsageDto;

  costUsd!: number | null;

  latencyMs!: number;

  /** Why it failed (with onError skip or fallback the flow went on). */
  error?: ProblemDetailsDto;
}

/** A flow run's answer, and the `flow.completed` event of a streamed one. */
export class FlowRunResponseDto {
  /** The flow run in the run log: its steps are the runs linked to it. */
  flowRunId!: number;

  flow!: string;

  version!: number;

  environment!: string | null;

  /** The flow's output: text, or a JSON value when the output template is one expression. */
  @ApiPropertyOptional({ description: 'Text or any JSON value', nullable: true })
  output!: unknown;

  steps!: FlowStepResultDto[];

  /** Summed over the steps. */
  usage!: RunUsageDto;

  costUsd!: number | null;

  latencyMs!: number;
}

/** A queued flow run: its outcome is read from the run log. */
export class FlowRunQueuedResponseDto {
  flowRunId!: number;

  flow!: string;

  version!: number;

  environment!: string | null;

  /** GET this to read the flow run and its steps. @example /api/v1/runs/42 */
  location!: string;
}
