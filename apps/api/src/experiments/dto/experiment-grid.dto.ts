import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { WholeNumber } from '../../common/dto/whole-number';
import { RunMessageDto } from '../../runs/dto/run-response.dto';

export class ScoreDto {
  score!: number | null;

  pass!: boolean | null;

  reason!: string | null;

  error!: string | null;

  /** The judge's run in the run log, for LLM-judge scorers. */
  runId?: number | null;

  costUsd?: number | null;
}

/** One repetition of one item on one variant. */
export class ExperimentResultDto {
  id!: number;

  variant!: number;

  repetition!: number;

  status!: 'success' | 'error';

  /** The run in the run log. */
  runId!: number | null;

  output!: string | null;

  promptTokens!: number | null;

  completionTokens!: number | null;

  costUsd!: number | null;

  latencyMs!: number | null;

  errorCode!: string | null;

  errorMessage!: string | null;

  /** By scorer name. */
  scores!: Record<string, ScoreDto>;
}

export class ExperimentResultDetailDto extends ExperimentResultDto {
  /** The rendered messages sent to the model. */
  rendered!: RunMessageDto[];
}

/** One item across variants: each cell holds the item's repetitions on that variant. */
export class ExperimentGridRowDto {
  itemId!: number;

  itemKey!: string;

  input!: Record<string, unknown>;

  expected!: unknown;

  /** `cells[v]` = the results of variant v, by repetition. */
  cells!: ExperimentResultDto[][];

  /** Mean score per variant on the chosen scorer (repetitions averaged). */
  means!: (number | null)[];

  /** Candidate mean − baseline mean on the chosen scorer. */
  delta!: number | null;
}

export class ExperimentGridResponseDto {
  items!: ExperimentGridRowDto[];

  total!: number;

  /** The scorer the means and deltas are on. */
  scorer!: string | null;
}

export class ExperimentGridQueryDto extends PageQueryDto {
  /** The scorer for means and deltas; default the first. */
  @IsOptional()
  @IsString()
  @MaxLength(60)
  scorer?: string;

  /** Baseline variant index (default 0). */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(0)
  baseline?: number;

  /** Candidate variant index (default 1, or 0 with one variant). */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(0)
  candidate?: number;

  /** `regressions`: items where the candidate scores lower; `improvements`: higher; `errors`: any failed result. */
  @IsOptional()
  @IsIn(['all', 'regressions', 'improvements', 'errors'])
  filter?: 'all' | 'regressions' | 'improvements' | 'errors';
}

export class ListExperimentsQueryDto extends PageQueryDto {
  /** Only experiments on this dataset. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  dataset?: string;

  /** Only experiments with a variant of this prompt. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;
}
