import { ApiProperty } from '@nestjs/swagger';
import { RUN_KINDS, RUN_SOURCES, RunKind, RunSource } from '@promptops/shared';
import { RUN_STATUSES, RunStatus } from '../run.entity';

export class RunUsageDto {
  promptTokens!: number;

  completionTokens!: number;

  /** True when the provider reported no usage and the counts come from a tokenizer. */
  estimated!: boolean;
}

export class RunErrorDto {
  /** @example PROVIDER_RATE_LIMITED */
  code!: string;

  message!: string;
}

export class RunMessageDto {
  /** @example user */
  role!: string;

  content!: string;
}

export class RunParametersDto {
  temperature?: number;

  maxTokens?: number;

  topP?: number;

  stop?: string[];
}

/** A logged model call, as the history lists it. */
export class RunSummaryDto {
  id!: number;

  @ApiProperty({ enum: RUN_SOURCES, enumName: 'RunSource' })
  source!: RunSource;

  /** `model`: one model call. `flow`: a flow run (its provider and model are empty), whose steps link to it. */
  @ApiProperty({ enum: RUN_KINDS, enumName: 'RunKind' })
  kind!: RunKind;

  /** The flow run this call was a step of. */
  parentRunId!: number | null;

  /** Which step of that flow. @example extract */
  stepId!: string | null;

  /** For a flow run: how many step runs it has in the log (retries count); null for a model call. */
  stepCount!: number | null;

  /** Name of the prompt that was run. */
  prompt!: string | null;

  version!: number | null;

  /** The environment the run API or a webhook served it from; null for the Playground and others. */
  environment!: string | null;

  /** The rollout (canary) of that environment's deployment the run was served under, if any. */
  rolloutId!: number | null;

  /** Which arm of it: `baseline`, `candidate`, `candidate-2`… */
  rolloutVariant!: string | null;

  /** The API key the run was made with (run API); null otherwise. */
  apiKeyId!: number | null;

  /** That key's name (kept after it is revoked); null when no key was used. */
  apiKeyName!: string | null;

  provider!: string;

  model!: string;

  parameters!: RunParametersDto;

  /** `running` while a streamed answer is still arriving. */
  @ApiProperty({ enum: RUN_STATUSES, enumName: 'RunStatus' })
  status!: RunStatus;

  error!: RunErrorDto | null;

  usage!: RunUsageDto | null;

  /** US dollars; null when the model's price is unknown. */
  costUsd!: number | null;

  latencyMs!: number | null;

  /** Time to first token of a streamed answer. */
  ttftMs!: number | null;

  /** The beginning of the answer. */
  outputPreview!: string | null;

  /** Email of whoever started the run from the console. */
  user!: string | null;

  /** The run this one re-ran. */
  rerunOf!: number | null;

  createdAt!: Date;
}

export class RunResponseDto extends RunSummaryDto {
  /** The variables the template saw, defaults included. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  variables!: Record<string, unknown>;

  /** The rendered messages that were sent to the model. */
  input!: RunMessageDto[];

  /** The whole answer (what had arrived, for a run that failed or was aborted mid-stream). */
  output!: string | null;

  /** For a flow run: its step runs, in the order they started. Empty for a model call. */
  steps!: RunSummaryDto[];

  /** Values the privacy policy redacted before the call, per entity type; null when none were. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, nullable: true })
  redactions!: Record<string, number> | null;
}

/**
 * Sums over the model calls the filter matches, all pages together. Flow runs are not counted
 * (their rows carry the sums of their steps, which are); step runs are, even when `topLevel`
 * leaves them out of the list.
 */
export class RunTotalsDto {
  /** Number of model calls (the same as `total` when the list holds no flow runs and hides no steps). */
  calls!: number;

  /** Input tokens of the runs that report usage. */
  promptTokens!: number;

  /** Output tokens of the runs that report usage. */
  completionTokens!: number;

  /** US dollars of the runs with a known price. */
  costUsd!: number;

  /** Runs counted in `calls` whose cost is unknown (model price not set), so `costUsd` leaves them out. */
  unpricedCalls!: number;
}

export class RunListResponseDto {
  items!: RunSummaryDto[];

  /**
   * Runs under way on the server that answered (status `running`) that the filter matches,
   * newest first. They join `items` (and the totals) when they end; they are not paged.
   */
  inFlight!: RunSummaryDto[];

  total!: number;

  totals!: RunTotalsDto;

  page!: number;

  pageSize!: number;
}
