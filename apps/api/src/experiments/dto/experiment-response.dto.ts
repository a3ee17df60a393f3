import { ApiProperty } from '@nestjs/swagger';
import { EXPERIMENT_STATUSES, ExperimentStatus, SCORER_KINDS, ScorerKind } from '@promptops/shared';

export class ExperimentVariantResponseDto {
  /** Position in `variants`; 0 is the baseline. */
  index!: number;

  /** @example v2 */
  label!: string;

  prompt!: string;

  /** The pinned version. */
  version!: number;

  /** The environment whose deployed version this is, when chosen that way. */
  environment!: string | null;

  provider!: string;

  model!: string;

  temperature?: number;

  maxTokens?: number;

  topP?: number;
}

export class ExperimentScorerResponseDto {
  name!: string;

  @ApiProperty({ enum: SCORER_KINDS })
  kind!: ScorerKind;

  /** The scorer's settings as pinned (a judge prompt's version number, an embedding model…). */
  config?: Record<string, unknown>;

  threshold?: number;

  /** The scoring code's version: a re-run with the same version scores the same way. */
  version!: number;
}

export class ExperimentProgressDto {
  /** Items × variants × repetitions. */
  total!: number;

  /** Results written so far (answers and model errors). */
  done!: number;

  /** Results whose model call failed (after retries). */
  failed!: number;

  /** Scores that could not be computed (a scorer's own failure, not the model's). */
  scorerErrors!: number;

  /** What the model and judge calls have cost so far (USD). */
  costUsd!: number;
}

export class ExperimentResponseDto {
  id!: number;

  name!: string;

  description!: string | null;

  dataset!: string;

  datasetVersion!: number;

  @ApiProperty({ enum: EXPERIMENT_STATUSES })
  status!: ExperimentStatus;

  variants!: ExperimentVariantResponseDto[];

  repetitions!: number;

  scorers!: ExperimentScorerResponseDto[];

  progress!: ExperimentProgressDto;

  budgetUsd!: number | null;

  /** The estimate made before it started (null when a model's price is unknown). */
  estimatedCostUsd!: number | null;

  /** Why it failed or stopped. */
  error!: string | null;

  /** Email of who started it. */
  createdBy!: string | null;

  createdAt!: Date;

  startedAt!: Date | null;

  finishedAt!: Date | null;
}

export class ExperimentListResponseDto {
  items!: ExperimentResponseDto[];

  total!: number;
}
